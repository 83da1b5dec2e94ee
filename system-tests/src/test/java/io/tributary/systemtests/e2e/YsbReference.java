package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The YSB job computed by brute force from exactly what was sent, independent of every service's
 * code: keep views, look the ad up, key by campaign, epoch-aligned tumbling windows on event time.
 * Per (campaign, window): the distinct events, the declared aggregates over them, the copies beyond
 * the first (duplicates), and the distinct late events (sent after the window closed for good).
 */
final class YsbReference {

	private static final Pattern CALL = Pattern.compile("([a-z]+)(?:\\(([A-Za-z_][A-Za-z0-9_]*)\\))?");

	private final Map<String, String> lookup;

	private final long sizeMillis;

	private final Map<String, String> aggregates;

	/** The expected result of one window. */
	record Expected(Map<String, @Nullable Double> metrics, long events, long late, long duplicates) {
	}

	record WindowKey(String key, long windowStartMillis) implements Comparable<WindowKey> {

		@Override
		public int compareTo(WindowKey o) {
			int byKey = this.key.compareTo(o.key);
			return (byKey != 0) ? byKey : Long.compare(this.windowStartMillis, o.windowStartMillis);
		}

		@Override
		public String toString() {
			return this.key + "@" + Instant.ofEpochMilli(this.windowStartMillis);
		}

	}

	/**
	 * @param aggregates metric name to {@code count} or {@code sum|min|max|avg|stddev(field)}, as declared in
	 *                   the pipeline file
	 */
	YsbReference(Map<String, String> lookup, Duration windowSize, Map<String, String> aggregates) {
		this.lookup = Map.copyOf(lookup);
		this.sizeMillis = windowSize.toMillis();
		this.aggregates = Collections.unmodifiableMap(new LinkedHashMap<>(aggregates));
		this.aggregates.values().forEach(YsbReference::parseCall);
	}

	/**
	 * @param onTime every event as sent while its window was open, copies and retries included, in
	 *               send order
	 * @param late   every event sent after its window had closed for good
	 */
	Map<WindowKey, Expected> compute(List<Map<String, Object>> onTime, List<Map<String, Object>> late) {
		Map<WindowKey, List<Map<String, Object>>> counted = new TreeMap<>();
		Map<WindowKey, Long> duplicates = new HashMap<>();
		Map<String, WindowKey> firstWindowOfId = new HashMap<>();
		for (Map<String, Object> event : onTime) {
			WindowKey window = windowOf(event);
			if (window == null) {
				continue;
			}
			String id = String.valueOf(event.get("event_id"));
			WindowKey first = firstWindowOfId.putIfAbsent(id, window);
			if (first != null) {
				duplicates.merge(first, 1L, Long::sum);
			}
			else {
				counted.computeIfAbsent(window, (k) -> new ArrayList<>()).add(event);
			}
		}
		Map<WindowKey, Set<String>> lateIds = new HashMap<>();
		for (Map<String, Object> event : late) {
			WindowKey window = windowOf(event);
			if (window == null) {
				continue;
			}
			if (!counted.containsKey(window)) {
				throw new IllegalArgumentException("late event for " + window + ", a window with no on-time event: "
						+ "the spec does not say where its count shows; send late events to windows that have results");
			}
			if (firstWindowOfId.containsKey(String.valueOf(event.get("event_id")))) {
				throw new IllegalArgumentException("a late event reuses the id of an on-time event: " + event);
			}
			lateIds.computeIfAbsent(window, (k) -> new HashSet<>()).add(String.valueOf(event.get("event_id")));
		}
		Map<WindowKey, Expected> result = new TreeMap<>();
		counted.forEach((window, events) -> result.put(window,
				new Expected(metrics(events), events.size(), lateIds.getOrDefault(window, Set.of()).size(),
						duplicates.getOrDefault(window, 0L))));
		return result;
	}

	/** The window a view of a known ad falls in; null for anything the YSB filter or lookup drops. */
	@Nullable WindowKey windowOf(Map<String, Object> event) {
		if (!"view".equals(event.get("event_type"))) {
			return null;
		}
		String campaign = this.lookup.get(String.valueOf(event.get("ad_id")));
		if (campaign == null) {
			return null;
		}
		long t = eventTimeMillis(event.get("event_time"));
		return new WindowKey(campaign, Math.floorDiv(t, this.sizeMillis) * this.sizeMillis);
	}

	static long eventTimeMillis(@Nullable Object value) {
		if (value instanceof Number n) {
			return n.longValue();
		}
		if (value instanceof String s) {
			return Instant.parse(s).toEpochMilli();
		}
		throw new IllegalArgumentException("event_time must be a number or an ISO-8601 string: " + value);
	}

	private Map<String, @Nullable Double> metrics(List<Map<String, Object>> events) {
		Map<String, @Nullable Double> metrics = new LinkedHashMap<>();
		this.aggregates.forEach((name, spec) -> {
			Matcher call = parseCall(spec);
			String fn = call.group(1);
			if (fn.equals("count")) {
				metrics.put(name, (double) events.size());
				return;
			}
			List<Double> values = new ArrayList<>();
			for (Map<String, Object> e : events) {
				if (e.get(call.group(2)) instanceof Number n) {
					values.add(n.doubleValue());
				}
			}
			double sum = 0;
			for (double v : values) {
				sum += v;
			}
			metrics.put(name, switch (fn) {
				case "sum" -> values.isEmpty() ? null : sum;
				case "min" -> values.stream().min(Double::compare).orElse(null);
				case "max" -> values.stream().max(Double::compare).orElse(null);
				case "avg" -> values.isEmpty() ? null : sum / values.size();
				case "stddev" -> values.size() < 2 ? null : sampleStddev(values, sum / values.size());
				default -> throw new IllegalArgumentException("the reference does not compute " + spec);
			});
		});
		return metrics;
	}

	/** Two passes: the mean first, then the squared deviations from it, over n - 1. */
	private static double sampleStddev(List<Double> values, double mean) {
		double squares = 0;
		for (double v : values) {
			squares += (v - mean) * (v - mean);
		}
		return Math.sqrt(squares / (values.size() - 1));
	}

	private static Matcher parseCall(String spec) {
		Matcher m = CALL.matcher(spec.trim());
		if (!m.matches() || (m.group(2) == null) != m.group(1).equals("count")) {
			throw new IllegalArgumentException(
					"the reference computes count, sum(f), min(f), max(f), avg(f), stddev(f); not " + spec);
		}
		return m;
	}

}
