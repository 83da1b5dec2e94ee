package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import io.tributary.contract.WindowResult;
import io.tributary.systemtests.e2e.YsbReference.Expected;
import io.tributary.systemtests.e2e.YsbReference.WindowKey;
import org.jspecify.annotations.Nullable;

/**
 * Compares what query serves with the reference, window by window, and lists every difference in
 * words: missing and extra windows, not final, wrong window end, metrics, counts.
 */
final class ResultComparison {

	private static final double RELATIVE_TOLERANCE = 1e-9;

	private ResultComparison() {
	}

	static List<String> differences(Map<WindowKey, Expected> expected, Collection<WindowResult> actual,
			Duration windowSize) {
		Map<WindowKey, WindowResult> byWindow = new TreeMap<>();
		List<String> differences = new ArrayList<>();
		for (WindowResult r : actual) {
			WindowKey key = new WindowKey(r.key(), r.windowStart().toEpochMilli());
			if (byWindow.put(key, r) != null) {
				differences.add(key + ": served twice");
			}
		}
		TreeSet<WindowKey> all = new TreeSet<>(expected.keySet());
		all.addAll(byWindow.keySet());
		for (WindowKey key : all) {
			Expected want = expected.get(key);
			WindowResult got = byWindow.get(key);
			if (want == null) {
				differences.add(key + ": not expected, but served " + describe(got));
				continue;
			}
			if (got == null) {
				differences.add(key + ": missing (expected " + want + ")");
				continue;
			}
			List<String> problems = new ArrayList<>();
			if (!got.isFinal()) {
				problems.add("not final");
			}
			Instant end = Instant.ofEpochMilli(key.windowStartMillis()).plus(windowSize);
			if (!got.windowEnd().equals(end)) {
				problems.add("windowEnd " + got.windowEnd() + " instead of " + end);
			}
			if (got.counts().events() != want.events()) {
				problems.add("counts.events " + got.counts().events() + " instead of " + want.events());
			}
			if (got.counts().duplicates() != want.duplicates()) {
				problems.add("counts.duplicates " + got.counts().duplicates() + " instead of " + want.duplicates());
			}
			if (got.counts().late() != want.late()) {
				problems.add("counts.late " + got.counts().late() + " instead of " + want.late());
			}
			if (!got.metrics().keySet().equals(want.metrics().keySet())) {
				problems.add("metrics " + got.metrics().keySet() + " instead of " + want.metrics().keySet());
			}
			want.metrics().forEach((name, value) -> {
				Object served = got.metrics().get(name);
				if (!sameNumber(value, served)) {
					problems.add("metrics." + name + " " + served + " instead of " + value);
				}
			});
			if (!problems.isEmpty()) {
				differences.add(key + " (revision " + got.revision() + "): " + String.join(", ", problems));
			}
		}
		return differences;
	}

	static boolean sameNumber(@Nullable Double expected, @Nullable Object actual) {
		if (expected == null || actual == null) {
			return Objects.equals(expected, actual);
		}
		if (!(actual instanceof Number n)) {
			return false;
		}
		double a = n.doubleValue();
		return Math.abs(a - expected) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected));
	}

	/** Up to {@code max} differences, one a line, with how many there were. */
	static String summary(List<String> differences, int max) {
		StringBuilder text = new StringBuilder(differences.size() + " difference(s) from the reference:");
		differences.stream().limit(max).forEach((d) -> text.append(System.lineSeparator()).append("  ").append(d));
		if (differences.size() > max) {
			text.append(System.lineSeparator()).append("  ... and ").append(differences.size() - max).append(" more");
		}
		return text.toString();
	}

	private static String describe(@Nullable WindowResult r) {
		return (r == null) ? "nothing" : "final=" + r.isFinal() + " revision=" + r.revision() + " " + r.counts() + " "
				+ r.metrics();
	}

}
