package io.tributary.systemtests.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The target rate of one phase of the load, as {@code --rates} gives it: {@code max} (unpaced: the
 * maximum the services accept), a percentage of the accepted rate measured in the last {@code max}
 * phase before it, or an absolute rate in events/s.
 *
 * @param kind which of the three
 * @param value the percentage or the events/s; 0 for {@code max}
 */
record PhaseRate(Kind kind, double value) {

	enum Kind {
		MAX, PERCENT, ABSOLUTE
	}

	static final PhaseRate MAX = new PhaseRate(Kind.MAX, 0);

	static PhaseRate percent(double percent) {
		return new PhaseRate(Kind.PERCENT, percent);
	}

	/**
	 * Parses a comma-separated list; blank: no phases.
	 * @throws IllegalArgumentException naming the bad entry, or a percentage with no {@code max} before it
	 */
	static List<PhaseRate> parseList(String text) {
		List<PhaseRate> rates = new ArrayList<>();
		if (text.isBlank()) {
			return rates;
		}
		for (String entry : text.split(",", -1)) {
			PhaseRate rate = parse(entry.strip());
			if (rate.kind == Kind.PERCENT && !rates.contains(MAX)) {
				throw new IllegalArgumentException("--rates: " + entry.strip() + " is a percentage of the max phase's "
						+ "rate, but no max phase comes before it (e.g. --rates=max,50%)");
			}
			rates.add(rate);
		}
		return rates;
	}

	static PhaseRate parse(String entry) {
		if (entry.equalsIgnoreCase("max")) {
			return MAX;
		}
		boolean percent = entry.endsWith("%");
		String number = percent ? entry.substring(0, entry.length() - 1).strip() : entry;
		double value;
		try {
			value = Double.parseDouble(number);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--rates: '" + entry + "' is not max, a percentage (50%) or events/s");
		}
		if (percent && !(value > 0 && value <= 100)) {
			throw new IllegalArgumentException("--rates: a percentage is in (0, 100], got '" + entry + "'");
		}
		if (!percent && !(value > 0 && value < 1e9)) {
			throw new IllegalArgumentException("--rates: a rate in events/s is > 0, got '" + entry + "'");
		}
		return new PhaseRate(percent ? Kind.PERCENT : Kind.ABSOLUTE, value);
	}

	/** The target in events/s given the last max phase's accepted rate; 0 (unpaced) for max. */
	double eventsPerSecond(double maxAccepted) {
		return switch (this.kind) {
			case MAX -> 0;
			case PERCENT -> maxAccepted * this.value / 100;
			case ABSOLUTE -> this.value;
		};
	}

	/** {@code max}, {@code 50%}, {@code 20,000/s}. */
	String label() {
		return switch (this.kind) {
			case MAX -> "max";
			case PERCENT -> ((this.value == Math.rint(this.value)) ? Long.toString((long) this.value)
					: String.format(Locale.ROOT, "%.1f", this.value)) + "%";
			case ABSOLUTE -> Benchmark.fmt(this.value) + "/s";
		};
	}

}
