package io.tributary.contract.aggregate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.AggregateSpec;
import org.apache.datasketches.frequencies.FrequentItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * stddev, quantile, distinct, top, first and last against references computed independently from the
 * data (exact arithmetic, sorting, hash sets, exact counts); the sketches within the bounds their
 * functions state.
 */
class StatisticalAggregatesTests {

	private static final Object MISSING = new Object();

	/** Valid Base64 that is no sketch. */
	private static final String NOT_A_SKETCH = Base64.getEncoder()
		.encodeToString("not a sketch, just some text".getBytes(StandardCharsets.UTF_8));

	private static final List<String> SKETCHES = List.of("quantile", "distinct", "top");

	@SuppressWarnings("unchecked")
	private static AggregateFunction<Object> function(String fn, Double... params) {
		return (AggregateFunction<Object>) AggregateFunctions.of(new AggregateSpec("m", fn, "v", List.of(params), "test"));
	}

	/** The function with the parameters these tests use for it. */
	private static AggregateFunction<Object> typical(String fn) {
		return switch (fn) {
			case "quantile" -> function(fn, 0.5, 0.99);
			case "top" -> function(fn, 10.0);
			default -> function(fn);
		};
	}

	/** One event: its time, its id and the value of field {@code v} ({@link #MISSING}: no such field). */
	private record Ev(long millis, String id, @Nullable Object value) {

		KeyedEvent keyed() {
			Map<String, @Nullable Object> values = new HashMap<>();
			if (this.value != MISSING) {
				values.put("v", this.value);
			}
			values.put("other", 1L);
			return new KeyedEvent("p", "k", this.id, "ingest", Instant.ofEpochMilli(this.millis), values);
		}

	}

	private static List<Ev> events(List<?> values) {
		List<Ev> events = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			events.add(new Ev(i, "e" + i, values.get(i)));
		}
		return events;
	}

	private static Object fold(AggregateFunction<Object> f, List<Ev> events) {
		Object acc = f.createAccumulator();
		for (Ev e : events) {
			f.add(acc, e.keyed());
		}
		return acc;
	}

	/** Shuffles the events, folds them in 1 to 8 parts and merges the parts two at a time, in random pairs. */
	private static Object foldInShuffledParts(AggregateFunction<Object> f, List<Ev> events, Random random) {
		List<Ev> shuffled = new ArrayList<>(events);
		Collections.shuffle(shuffled, random);
		int parts = 1 + random.nextInt(8);
		List<Object> accs = new ArrayList<>();
		for (int p = 0; p < parts; p++) {
			accs.add(fold(f, shuffled.subList(p * shuffled.size() / parts, (p + 1) * shuffled.size() / parts)));
		}
		while (accs.size() > 1) {
			Object a = accs.remove(random.nextInt(accs.size()));
			Object b = accs.remove(random.nextInt(accs.size()));
			accs.add(f.merge(a, b));
		}
		return accs.get(0);
	}

	/** The accumulator back from its serial form written into and read from a JSON document. */
	@SuppressWarnings("unchecked")
	private static Object throughJson(AggregateFunction<Object> f, Object acc) {
		Map<String, @Nullable Object> document = new HashMap<>();
		document.put("state", f.toSerialForm(acc));
		Map<String, Object> read = WireFormat.read(WireFormat.write(document), Map.class);
		assertThat(read).containsKey("state");
		return f.fromSerialForm(read.get("state"));
	}

	/** The numeric values an aggregation over numbers must use, exactly. */
	private static List<BigDecimal> exactNumbers(List<Ev> events) {
		List<BigDecimal> numbers = new ArrayList<>();
		for (Ev e : events) {
			if (e.value() instanceof Long l) {
				numbers.add(BigDecimal.valueOf(l));
			}
			else if (e.value() instanceof Double d && Double.isFinite(d)) {
				numbers.add(new BigDecimal(d));
			}
		}
		return numbers;
	}

	private static double[] sortedNumbers(List<Ev> events) {
		return exactNumbers(events).stream().mapToDouble(BigDecimal::doubleValue).sorted().toArray();
	}

	// --- stddev ---------------------------------------------------------------------------------------

	/** Two passes in exact arithmetic: the mean, then the squared differences from it. */
	private static @Nullable Double referenceStddev(List<Ev> events) {
		List<BigDecimal> xs = exactNumbers(events);
		if (xs.size() < 2) {
			return null;
		}
		MathContext mc = MathContext.DECIMAL128;
		BigDecimal mean = xs.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(xs.size()), mc);
		BigDecimal squares = BigDecimal.ZERO;
		for (BigDecimal x : xs) {
			BigDecimal d = x.subtract(mean);
			squares = squares.add(d.multiply(d));
		}
		return squares.divide(BigDecimal.valueOf(xs.size() - 1), mc).sqrt(mc).doubleValue();
	}

	/** Numbers with some values that are not numbers, and events without the field. */
	private static List<Object> mixedNumbers(Random random, int n, double offset) {
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int pick = random.nextInt(20);
			if (pick == 0) {
				values.add(MISSING);
			}
			else if (pick == 1) {
				values.add("12");
			}
			else if (pick == 2) {
				values.add(true);
			}
			else if (pick < 11) {
				values.add((long) offset + random.nextLong(-1_000_000, 1_000_000));
			}
			else {
				values.add(offset + random.nextGaussian() * 1000 + 5000);
			}
		}
		return values;
	}

	private static void assertRelativelyClose(@Nullable Object actual, @Nullable Double expected, String as) {
		if (expected == null) {
			assertThat(actual).as(as).isNull();
			return;
		}
		assertThat(actual).as(as).isInstanceOf(Double.class);
		assertThat((Double) actual).as(as).isCloseTo(expected, within(Math.abs(expected) * 1e-9));
	}

	@Test
	void stddevIsTheSampleStandardDeviationOfAnExactTwoPassComputation() {
		Random random = new Random(21);
		AggregateFunction<Object> stddev = function("stddev");
		for (int round = 0; round < 24; round++) {
			int n = round < 4 ? round : 1000 + random.nextInt(4000);
			List<Ev> events = events(mixedNumbers(random, n, round % 2 == 0 ? 0 : 1e6));
			Double expected = referenceStddev(events);
			assertRelativelyClose(stddev.result(fold(stddev, events)), expected, "round " + round);
			assertRelativelyClose(stddev.result(foldInShuffledParts(stddev, events, random)), expected,
					"merged, round " + round);
			assertRelativelyClose(stddev.result(foldInShuffledParts(stddev, events, random)), expected,
					"merged in another order, round " + round);
		}
	}

	@Test
	void stddevNeedsTwoValuesAndDividesByNMinusOne() {
		AggregateFunction<Object> stddev = function("stddev");
		assertThat(stddev.result(stddev.createAccumulator())).isNull();
		assertThat(stddev.result(fold(stddev, events(List.of(5L, MISSING, "x"))))).isNull();
		assertThat(stddev.result(fold(stddev, events(List.of(1L, 3L))))).isEqualTo(Math.sqrt(2));
		assertThat(stddev.result(fold(stddev, events(List.of(2L, 4L, 4L, 4L, 5L, 5L, 7L, 9L)))))
			.isEqualTo(Math.sqrt(32.0 / 7));
		Object merged = stddev.merge(fold(stddev, events(List.of(1L))), fold(stddev, events(List.of(3L))));
		assertThat(stddev.result(merged)).isEqualTo(Math.sqrt(2));
	}

	@Test
	void stddevStateSurvivesJsonExactly() {
		Random random = new Random(23);
		AggregateFunction<Object> stddev = function("stddev");
		for (int round = 0; round < 20; round++) {
			List<Ev> events = events(mixedNumbers(random, random.nextInt(0, 500), 0));
			Object acc = fold(stddev, events);
			Object restored = throughJson(stddev, acc);
			assertThat(stddev.toSerialForm(restored)).isEqualTo(stddev.toSerialForm(acc));
			assertThat(stddev.result(restored)).isEqualTo(stddev.result(acc));
			List<Ev> more = events(mixedNumbers(random, 100, 0));
			Object continued = stddev.merge(restored, fold(stddev, more));
			List<Ev> all = new ArrayList<>(events);
			all.addAll(more);
			assertRelativelyClose(stddev.result(continued), referenceStddev(all), "round " + round);
		}
		assertThat(stddev.toSerialForm(fold(stddev, events(List.of(1L, 3L))))).isEqualTo(List.of(2L, 2.0, 2.0));
	}

	// --- quantile -------------------------------------------------------------------------------------

	/** Latency-like, normal, and integers with many duplicates, by round. */
	private static List<Object> quantileData(Random random, int n, int round) {
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			values.add(switch (round % 3) {
				case 0 -> -Math.log(1 - random.nextDouble()) * 100;
				case 1 -> random.nextGaussian() * 50 - 20;
				default -> (long) random.nextInt(0, 60);
			});
		}
		return values;
	}

	private static int countBelow(double[] sorted, double v, boolean inclusive) {
		int lo = 0;
		int hi = sorted.length;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (sorted[mid] < v || (inclusive && sorted[mid] == v)) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}

	/** Each value is in the data, and its ranks there come within RANK_ERROR * n of q * n. */
	@SuppressWarnings("unchecked")
	private static void assertWithinRankError(@Nullable Object result, List<Double> qs, double[] sorted, String as) {
		assertThat(result).as(as).isInstanceOf(LinkedHashMap.class);
		Map<String, Double> values = (Map<String, Double>) result;
		assertThat(values.keySet()).as(as).containsExactlyElementsOf(qs.stream().map(String::valueOf).toList());
		int n = sorted.length;
		double slack = QuantileFunction.RANK_ERROR * n;
		for (double q : qs) {
			double v = values.get(Double.toString(q));
			int below = countBelow(sorted, v, false);
			int atOrBelow = countBelow(sorted, v, true);
			String what = as + ", q " + q + ", value " + v + ", ranks " + below + ".." + atOrBelow + " of " + n;
			assertThat(atOrBelow).as(what + " is in the data").isGreaterThan(below);
			assertThat((double) atOrBelow).as(what).isGreaterThanOrEqualTo(q * n - slack);
			assertThat((double) below).as(what).isLessThanOrEqualTo(q * n + slack);
		}
		assertThat(values.get("0.0")).as(as + " min").isEqualTo(sorted[0]);
		assertThat(values.get("1.0")).as(as + " max").isEqualTo(sorted[n - 1]);
	}

	@Test
	void quantilesAreWithinTheStatedRankErrorOfTheExactOnes() {
		Random random = new Random(31);
		List<Double> qs = List.of(0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0);
		AggregateFunction<Object> quantile = function("quantile", qs.toArray(Double[]::new));
		for (int round = 0; round < 6; round++) {
			List<Ev> events = events(quantileData(random, 20_000 + random.nextInt(20_000), round));
			double[] sorted = sortedNumbers(events);
			assertWithinRankError(quantile.result(fold(quantile, events)), qs, sorted, "round " + round);
			assertWithinRankError(quantile.result(foldInShuffledParts(quantile, events, random)), qs, sorted,
					"merged, round " + round);
			assertWithinRankError(quantile.result(foldInShuffledParts(quantile, events, random)), qs, sorted,
					"merged in another order, round " + round);
		}
	}

	@Test
	void theStatedRankErrorCoversTheLibrarysBound() {
		assertThat(QuantileFunction.RANK_ERROR)
			.isGreaterThanOrEqualTo(KllSketch.getNormalizedRankError(QuantileFunction.K, true))
			.isGreaterThanOrEqualTo(KllSketch.getNormalizedRankError(QuantileFunction.K, false))
			.isLessThan(0.0167);
	}

	/** The smallest value whose rank is at least q * n (ranks from 1), as the sketch defines it. */
	private static double exactQuantile(double[] sorted, double q) {
		long rank = BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(sorted.length))
			.setScale(0, RoundingMode.CEILING)
			.longValueExact();
		return sorted[(int) Math.max(0, rank - 1)];
	}

	@Test
	void quantilesOfFewerValuesThanTheSketchKeepsAreExact() {
		Random random = new Random(37);
		List<Double> qs = List.of(0.0, 0.1, 0.3, 0.5, 0.75, 0.9, 1.0);
		AggregateFunction<Object> quantile = function("quantile", qs.toArray(Double[]::new));
		for (int round = 0; round < 60; round++) {
			List<Ev> events = events(mixedNumbers(random, 1 + random.nextInt(150), 0));
			double[] sorted = sortedNumbers(events);
			if (sorted.length == 0) {
				continue;
			}
			Map<String, Double> expected = new LinkedHashMap<>();
			qs.forEach((q) -> expected.put(Double.toString(q), exactQuantile(sorted, q)));
			assertThat(quantile.result(fold(quantile, events))).as("round " + round).isEqualTo(expected);
			assertThat(quantile.result(foldInShuffledParts(quantile, events, random))).as("merged, round " + round)
				.isEqualTo(expected);
		}
	}

	@Test
	void oneQuantileIsADoubleAndSeveralAreNamedInTheirDeclaredOrder() {
		List<Object> hundred = new ArrayList<>();
		for (long i = 100; i >= 1; i--) {
			hundred.add(i);
		}
		AggregateFunction<Object> median = function("quantile", 0.5);
		assertThat(median.result(fold(median, events(hundred)))).isEqualTo(50.0);
		assertThat(median.result(median.createAccumulator())).isNull();
		assertThat(median.result(fold(median, events(List.of(MISSING, "x"))))).isNull();

		AggregateFunction<Object> several = function("quantile", 0.99, 0.5);
		Object result = several.result(fold(several, events(hundred)));
		assertThat(result).isInstanceOf(LinkedHashMap.class);
		assertThat(List.copyOf(((Map<?, ?>) result).keySet())).isEqualTo(List.of("0.99", "0.5"));
		assertThat(result).isEqualTo(Map.of("0.99", 99.0, "0.5", 50.0));
		assertThat(several.result(several.createAccumulator())).isNull();
	}

	@Test
	void quantileStateSurvivesJsonAndStillMerges() {
		Random random = new Random(41);
		List<Double> qs = List.of(0.0, 0.05, 0.5, 0.95, 1.0);
		AggregateFunction<Object> quantile = function("quantile", qs.toArray(Double[]::new));
		for (int round = 0; round < 6; round++) {
			List<Ev> events = events(quantileData(random, round < 2 ? 50 : 5_000 + random.nextInt(20_000), round));
			Object acc = fold(quantile, events);
			Object restored = throughJson(quantile, acc);
			assertThat(quantile.toSerialForm(restored)).isEqualTo(quantile.toSerialForm(acc));
			assertThat(quantile.result(restored)).isEqualTo(quantile.result(acc));
			List<Ev> more = events(quantileData(random, 10_000, round + 1));
			List<Ev> all = new ArrayList<>(events);
			all.addAll(more);
			assertWithinRankError(quantile.result(quantile.merge(fold(quantile, more), restored)), qs, sortedNumbers(all),
					"restored and merged, round " + round);
			for (Ev e : more) {
				quantile.add(restored, e.keyed());
			}
			assertWithinRankError(quantile.result(restored), qs, sortedNumbers(all), "restored and added, round " + round);
		}
		Object empty = quantile.createAccumulator();
		assertThat(quantile.toSerialForm(empty)).isNull();
		assertThat(quantile.result(throughJson(quantile, empty))).isNull();
		assertThat(quantile.result(quantile.fromSerialForm(""))).isNull();
		assertThat(quantile.toSerialForm(fold(quantile, events(List.of(1L))))).isInstanceOf(String.class);
	}

	// --- distinct -------------------------------------------------------------------------------------

	/** Draws 3 * cardinality values from a pool of about that many (numbers, their text, booleans). */
	private static List<Object> distinctData(Random random, int cardinality) {
		List<Object> pool = new ArrayList<>(List.of(true, false));
		for (int i = 0; i < cardinality; i++) {
			long l = random.nextLong(0, 1_000_000_000L);
			pool.add(switch (i % 3) {
				case 0 -> l;
				case 1 -> Long.toString(l);
				default -> l + 0.5;
			});
		}
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < 3 * cardinality; i++) {
			int pick = random.nextInt(50);
			values.add(pick == 0 ? MISSING : pick == 1 ? null : pool.get(random.nextInt(pool.size())));
		}
		return values;
	}

	private static long exactDistinct(List<Ev> events) {
		Set<Object> seen = new HashSet<>();
		for (Ev e : events) {
			if (e.value() != null && e.value() != MISSING) {
				seen.add(e.value());
			}
		}
		return seen.size();
	}

	private static void assertWithinThreeStandardErrors(@Nullable Object estimate, long exact, String as) {
		assertThat(estimate).as(as).isInstanceOf(Long.class);
		double slack = 3 * DistinctFunction.RELATIVE_STANDARD_ERROR * exact;
		assertThat((double) (Long) estimate).as(as + ", exact " + exact).isCloseTo(exact, within(slack));
	}

	@Test
	void distinctIsWithinThreeStandardErrorsOfTheExactCount() {
		Random random = new Random(43);
		AggregateFunction<Object> distinct = function("distinct");
		for (int cardinality : List.of(300, 3_000, 10_000, 30_000, 100_000)) {
			List<Ev> events = events(distinctData(random, cardinality));
			long exact = exactDistinct(events);
			Object merged = foldInShuffledParts(distinct, events, random);
			assertWithinThreeStandardErrors(distinct.result(fold(distinct, events)), exact, "cardinality " + cardinality);
			assertWithinThreeStandardErrors(distinct.result(merged), exact, "merged, cardinality " + cardinality);
			// the same registers whatever the order, and the same estimator
			assertThat(distinct.result(foldInShuffledParts(distinct, events, random)))
				.as("merged in another order, cardinality " + cardinality)
				.isEqualTo(distinct.result(merged))
				.isEqualTo(distinct.result(fold(distinct, events)));
		}
	}

	/**
	 * Window states and stored results written before HLL_4 hold HLL_8 sketches: they are read as the
	 * same registers (the same estimate), merge with new ones, and are written back as HLL_4 (half the
	 * bytes).
	 */
	@Test
	void distinctReadsTheHll8SketchesWrittenBefore() {
		Random random = new Random(44);
		AggregateFunction<Object> distinct = function("distinct");
		List<Object> values = distinctData(random, 3_000);
		List<Ev> first = events(values.subList(0, 2_000));
		List<Ev> second = events(values.subList(2_000, values.size()));
		// as the previous version wrote it: HLL_8 over the same keys
		HllSketch earlier = new HllSketch(DistinctFunction.LG_K, TgtHllType.HLL_8);
		for (Ev e : first) {
			if (e.value() != null && e.value() != MISSING) {
				earlier.update(SketchForms.key(e.value()));
			}
		}
		String earlierForm = Base64.getEncoder().encodeToString(earlier.toCompactByteArray());

		Object read = distinct.fromSerialForm(earlierForm);
		assertThat(distinct.result(read)).isEqualTo(Math.round(earlier.getCompositeEstimate()))
			.isEqualTo(distinct.result(fold(distinct, first)));
		Object merged = distinct.merge(read, fold(distinct, second));
		assertThat(distinct.result(merged)).isEqualTo(distinct.result(fold(distinct, events(values))));
		assertWithinThreeStandardErrors(distinct.result(merged), exactDistinct(events(values)), "merged with HLL_8");

		byte[] written = Base64.getDecoder().decode((String) distinct.toSerialForm(read));
		assertThat(HllSketch.heapify(written).getTgtHllType()).isEqualTo(TgtHllType.HLL_4);
		assertThat(written.length).isLessThan(earlier.toCompactByteArray().length / 2 + 100);
	}

	@Test
	void theSketchTypeWrittenIsHll4UnlessTheSettingSaysHll8() {
		assertThat(DistinctFunction.typeOf(null)).isEqualTo(TgtHllType.HLL_4);
		assertThat(DistinctFunction.typeOf(" ")).isEqualTo(TgtHllType.HLL_4);
		assertThat(DistinctFunction.typeOf("hll_8")).isEqualTo(TgtHllType.HLL_8);
		assertThat(DistinctFunction.typeOf("HLL_4")).isEqualTo(TgtHllType.HLL_4);
		assertThatIllegalStateException().isThrownBy(() -> DistinctFunction.typeOf("HLL_6"))
			.withMessageContaining("TRIBUTARY_HLL_TYPE");
	}

	@Test
	void theStatedStandardErrorCoversTheLibrarysBound() {
		assertThat(DistinctFunction.RELATIVE_STANDARD_ERROR)
			.isGreaterThanOrEqualTo(HllSketch.getRelErr(true, true, DistinctFunction.LG_K, 1))
			.isGreaterThanOrEqualTo(HllSketch.getRelErr(false, true, DistinctFunction.LG_K, 1))
			.isGreaterThanOrEqualTo(1.04 / Math.sqrt(1 << DistinctFunction.LG_K))
			.isLessThan(0.017);
	}

	@Test
	void distinctTellsValuesOfDifferentTypesApartButNotOneNumberWrittenTwoWays() {
		AggregateFunction<Object> distinct = function("distinct");
		assertThat(distinct.result(distinct.createAccumulator())).isEqualTo(0L);
		assertThat(distinct.result(fold(distinct, events(List.of(MISSING))))).isEqualTo(0L);
		// 1 = 1.0 = BigDecimal 1.00; 0.5 = BigDecimal 0.50; "1"; true; "true"; an object; a list; ""
		// (null and missing are skipped)
		List<Object> values = new ArrayList<>(List.of(1L, 1.0, new BigDecimal("1.00"), 0.5, new BigDecimal("0.50"), "1",
				true, "true", Map.of("a", 1L), List.of(1L), "", 1L, "1"));
		values.add(null);
		values.add(MISSING);
		Object acc = distinct.createAccumulator();
		for (Ev e : events(values)) {
			assertThat(distinct.add(acc, e.keyed())).isTrue();
		}
		assertThat(distinct.result(acc)).isEqualTo(8L);
	}

	@Test
	void distinctStateSurvivesJsonAndStillMerges() {
		Random random = new Random(47);
		AggregateFunction<Object> distinct = function("distinct");
		for (int cardinality : List.of(10, 2_000, 50_000)) {
			List<Ev> events = events(distinctData(random, cardinality));
			Object acc = fold(distinct, events);
			Object restored = throughJson(distinct, acc);
			assertThat(distinct.toSerialForm(restored)).isEqualTo(distinct.toSerialForm(acc));
			assertThat(distinct.result(restored)).isEqualTo(distinct.result(acc));
			List<Ev> more = events(distinctData(random, cardinality));
			for (Ev e : more) {
				distinct.add(restored, e.keyed());
				distinct.add(acc, e.keyed());
			}
			assertThat(distinct.result(restored)).isEqualTo(distinct.result(acc));
			List<Ev> all = new ArrayList<>(events);
			all.addAll(more);
			assertWithinThreeStandardErrors(distinct.result(distinct.merge(throughJson(distinct, fold(distinct, events)),
					throughJson(distinct, fold(distinct, more)))), exactDistinct(all), "merged, cardinality " + cardinality);
		}
		assertThat(distinct.toSerialForm(distinct.createAccumulator())).isNull();
		assertThat(distinct.result(throughJson(distinct, distinct.createAccumulator()))).isEqualTo(0L);
	}

	// --- top ------------------------------------------------------------------------------------------

	/** Exact counts of the values' text (none of the test values share a text across types). */
	private static Map<String, Long> exactCounts(List<Ev> events) {
		Map<String, Long> counts = new HashMap<>();
		for (Ev e : events) {
			if (e.value() != null && e.value() != MISSING) {
				counts.merge(String.valueOf(e.value()), 1L, Long::sum);
			}
		}
		return counts;
	}

	private static List<Map<String, Object>> exactTop(Map<String, Long> counts, int k) {
		return counts.entrySet()
			.stream()
			.sorted(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed().thenComparing(Map.Entry::getKey))
			.limit(k)
			.map((e) -> Map.<String, Object>of("value", e.getKey(), "count", e.getValue()))
			.toList();
	}

	@Test
	void topIsExactWhileTheValuesFitTheSketch() {
		Random random = new Random(53);
		AggregateFunction<Object> top = function("top", 10.0);
		// top(v, 10): a map of 128, which holds 96 values before it has to estimate
		for (int round = 0; round < 40; round++) {
			List<Object> pool = new ArrayList<>();
			int size = 1 + random.nextInt(96);
			for (int i = 0; i < size; i++) {
				pool.add(i % 2 == 0 ? (Object) (long) random.nextInt(1000) : "u" + random.nextInt(1000));
			}
			List<Object> values = new ArrayList<>();
			for (int i = 0; i < 3000; i++) {
				values.add(random.nextInt(30) == 0 ? MISSING : pool.get((int) (pool.size() * Math.pow(random.nextDouble(), 2))));
			}
			List<Ev> events = events(values);
			List<Map<String, Object>> expected = exactTop(exactCounts(events), 10);
			assertThat(top.result(fold(top, events))).as("round " + round).isEqualTo(expected);
			assertThat(top.result(foldInShuffledParts(top, events, random))).as("merged, round " + round)
				.isEqualTo(expected);
		}
	}

	/** Four heavy hitters, 36%, 26%, 18% and 10%, over a long tail of 3,000 values. */
	private static List<Object> skewed(Random random, int n) {
		double[] heads = { 0.36, 0.26, 0.18, 0.10 };
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			double u = random.nextDouble();
			int head = 0;
			while (head < heads.length && u >= heads[head]) {
				u -= heads[head];
				head++;
			}
			values.add(head < heads.length ? "hitter-" + head : (Object) (long) random.nextInt(3000));
		}
		return values;
	}

	@SuppressWarnings("unchecked")
	private static void assertTopWithinBound(@Nullable Object result, Map<String, Long> exact, int k, double error,
			String as) {
		List<Map<String, Object>> expected = exactTop(exact, k);
		List<Map<String, Object>> rows = (List<Map<String, Object>>) result;
		assertThat(rows).as(as).extracting((row) -> row.get("value"))
			.containsExactlyElementsOf(expected.stream().map((row) -> row.get("value")).toList());
		for (Map<String, Object> row : rows) {
			long count = (Long) row.get("count");
			long truth = exact.get((String) row.get("value"));
			assertThat(count).as(as + " " + row).isBetween(truth, truth + (long) error);
		}
	}

	@Test
	void topFindsTheHeavyHittersOfASkewedStreamWithinTheSketchBound() {
		Random random = new Random(59);
		int k = 4;
		AggregateFunction<Object> top = function("top", (double) k);
		double fraction = ((TopFunction) (Object) top).maximumErrorFraction();
		for (int round = 0; round < 5; round++) {
			List<Ev> events = events(skewed(random, 100_000));
			Map<String, Long> exact = exactCounts(events);
			double error = fraction * exact.values().stream().mapToLong(Long::longValue).sum();
			assertTopWithinBound(top.result(fold(top, events)), exact, k, error, "round " + round);
			assertTopWithinBound(top.result(foldInShuffledParts(top, events, random)), exact, k, error,
					"merged, round " + round);
			assertTopWithinBound(top.result(foldInShuffledParts(top, events, random)), exact, k, error,
					"merged in another order, round " + round);
		}
	}

	@Test
	void theMapOfTopIsAPowerOfTwoAtLeast64AndEightTimesK() {
		for (int k : List.of(1, 8, 9, 10, 16, 17, 100, 1000)) {
			TopFunction top = (TopFunction) (Object) function("top", (double) k);
			int size = top.mapSize();
			assertThat(Integer.bitCount(size)).isEqualTo(1);
			assertThat(size).isGreaterThanOrEqualTo(Math.max(64, 8 * k)).isLessThan(2 * Math.max(64, 8 * k));
			assertThat(top.maximumErrorFraction()).isEqualTo(FrequentItemsSketch.getEpsilon(size));
		}
	}

	@Test
	void topShowsValuesAsTextOrderedByCountThenValue() {
		AggregateFunction<Object> top = function("top", 3.0);
		assertThat(top.result(top.createAccumulator())).isEqualTo(List.of());
		assertThat(top.result(fold(top, events(List.of(MISSING))))).isEqualTo(List.of());
		List<Object> values = new ArrayList<>(List.of("b", "a", "b", "a", "c", "d", "d", 2L, 2L, 2.0, "2", true));
		values.add(null);
		assertThat(top.result(fold(top, events(values)))).isEqualTo(List.of(Map.of("value", "2", "count", 3L),
				Map.of("value", "a", "count", 2L), Map.of("value", "b", "count", 2L)));
		AggregateFunction<Object> all = function("top", 10.0);
		Object result = all.result(fold(all, events(values)));
		assertThat(((List<?>) result).stream().map((row) -> ((Map<?, ?>) row).get("value")).toList())
			.isEqualTo(List.of("2", "a", "b", "d", "2", "c", "true"));
	}

	@Test
	void topStateSurvivesJsonAndStillMerges() {
		Random random = new Random(61);
		AggregateFunction<Object> top = function("top", 4.0);
		double fraction = ((TopFunction) (Object) top).maximumErrorFraction();
		for (int round = 0; round < 4; round++) {
			List<Ev> events = events(round == 0 ? List.of("x", "y", "x") : skewed(random, 20_000));
			Object acc = fold(top, events);
			Object restored = throughJson(top, acc);
			assertThat(top.result(restored)).isEqualTo(top.result(acc));
			List<Ev> more = events(skewed(random, 20_000));
			for (Ev e : more) {
				top.add(restored, e.keyed());
				top.add(acc, e.keyed());
			}
			assertThat(top.result(restored)).isEqualTo(top.result(acc));
			List<Ev> all = new ArrayList<>(events);
			all.addAll(more);
			Map<String, Long> exact = exactCounts(all);
			Object merged = top.merge(throughJson(top, fold(top, events)), throughJson(top, fold(top, more)));
			assertTopWithinBound(top.result(merged), exact, 4, fraction * all.size(), "merged, round " + round);
		}
		assertThat(top.toSerialForm(top.createAccumulator())).isNull();
		assertThat(top.result(throughJson(top, top.createAccumulator()))).isEqualTo(List.of());
	}

	// --- first and last -------------------------------------------------------------------------------

	/** Events at few distinct times (many ties), unique ids, values of every JSON kind, some absent. */
	private static List<Ev> timedEvents(Random random, int n) {
		List<Integer> ids = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			ids.add(i);
		}
		Collections.shuffle(ids, random);
		List<Ev> events = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int pick = random.nextInt(10);
			Object value = switch (pick) {
				case 0 -> MISSING;
				case 1 -> null;
				case 2 -> "text-" + i;
				case 3 -> Map.of("n", (long) i, "tags", List.of("a", "b"));
				case 4 -> List.of((long) i, "x");
				case 5 -> i % 2 == 0;
				case 6 -> i + 0.25;
				default -> (long) i;
			};
			events.add(new Ev(1_700_000_000_000L + random.nextInt(40), String.format("id-%06d", ids.get(i)), value));
		}
		return events;
	}

	private static @Nullable Object referenceFirstLast(List<Ev> events, boolean last) {
		Comparator<Ev> byTimeThenId = Comparator.comparingLong(Ev::millis).thenComparing(Ev::id);
		List<Ev> sorted = events.stream()
			.filter((e) -> e.value() != null && e.value() != MISSING)
			.sorted(byTimeThenId)
			.toList();
		return sorted.isEmpty() ? null : (last ? sorted.getLast() : sorted.getFirst()).value();
	}

	@Test
	void firstAndLastAreTheValuesOfTheEarliestAndLatestEventsWhateverTheOrder() {
		Random random = new Random(67);
		for (String fn : List.of("first", "last")) {
			AggregateFunction<Object> f = function(fn);
			for (int round = 0; round < 60; round++) {
				List<Ev> events = timedEvents(random, round < 5 ? round : 100 + random.nextInt(3000));
				Object expected = referenceFirstLast(events, "last".equals(fn));
				List<Ev> shuffled = new ArrayList<>(events);
				Collections.shuffle(shuffled, random);
				assertThat(f.result(fold(f, events))).as(fn + ", round " + round).isEqualTo(expected);
				assertThat(f.result(fold(f, shuffled))).as(fn + ", shuffled, round " + round).isEqualTo(expected);
				assertThat(f.result(foldInShuffledParts(f, events, random))).as(fn + ", merged, round " + round)
					.isEqualTo(expected);
				assertThat(f.result(foldInShuffledParts(f, events, random)))
					.as(fn + ", merged in another order, round " + round)
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void firstAndLastBreakTiesByEventIdAndSkipEventsWithoutTheField() {
		AggregateFunction<Object> first = function("first");
		AggregateFunction<Object> last = function("last");
		List<Ev> events = List.of(new Ev(10, "b", "b@10"), new Ev(10, "a", "a@10"), new Ev(5, "z", MISSING),
				new Ev(5, "y", null), new Ev(20, "c", "c@20"), new Ev(20, "d", "d@20"), new Ev(30, "a", MISSING));
		Object f = first.createAccumulator();
		Object l = last.createAccumulator();
		for (Ev e : events) {
			assertThat(first.add(f, e.keyed())).isTrue();
			assertThat(last.add(l, e.keyed())).isTrue();
		}
		assertThat(first.result(f)).isEqualTo("a@10");
		assertThat(last.result(l)).isEqualTo("d@20");
		assertThat(first.result(first.createAccumulator())).isNull();
		assertThat(last.result(fold(last, events(List.of(MISSING))))).isNull();
		assertThat(first.toSerialForm(f)).isEqualTo(Map.of("t", 10L, "id", "a", "v", "a@10"));
	}

	@Test
	void firstAndLastStateSurvivesJsonAndStillMerges() {
		Random random = new Random(71);
		for (String fn : List.of("first", "last")) {
			AggregateFunction<Object> f = function(fn);
			for (int round = 0; round < 40; round++) {
				List<Ev> all = timedEvents(random, 1 + random.nextInt(400));
				int cut = random.nextInt(all.size() + 1);
				Object left = fold(f, all.subList(0, cut));
				Object restored = throughJson(f, left);
				assertThat(f.result(restored)).as(fn).isEqualTo(f.result(left));
				assertThat(f.toSerialForm(restored)).as(fn).isEqualTo(f.toSerialForm(left));
				Object right = throughJson(f, fold(f, all.subList(cut, all.size())));
				Object expected = referenceFirstLast(all, "last".equals(fn));
				assertThat(f.result(f.merge(restored, right))).as(fn + ", round " + round).isEqualTo(expected);
				assertThat(f.result(f.merge(right, restored))).as(fn + ", round " + round).isEqualTo(expected);
				for (Ev e : all.subList(cut, all.size())) {
					f.add(restored, e.keyed());
				}
				assertThat(f.result(restored)).as(fn + ", continued, round " + round).isEqualTo(expected);
			}
			assertThat(f.toSerialForm(f.createAccumulator())).isNull();
			assertThat(f.result(throughJson(f, f.createAccumulator()))).isNull();
		}
	}

	// --- all of them ----------------------------------------------------------------------------------

	@Test
	void valuesThatAreNotNumbersAreSkippedAndReportedByStddevAndQuantile() {
		for (String fn : List.of("stddev", "quantile")) {
			AggregateFunction<Object> f = typical(fn);
			Object acc = f.createAccumulator();
			for (Object bad : List.of("12", true, Map.of("x", 1L), List.of(1L), Double.NaN, Double.NEGATIVE_INFINITY)) {
				assertThat(f.add(acc, new Ev(0, "e", bad).keyed())).as(fn + " of " + bad).isFalse();
			}
			assertThat(f.add(acc, new Ev(0, "e", MISSING).keyed())).as(fn + " without the field").isTrue();
			assertThat(f.add(acc, new Ev(0, "e", null).keyed())).as(fn + " of null").isTrue();
			assertThat(f.result(acc)).as(fn).isNull();
			assertThat(f.add(acc, new Ev(0, "e", 4L).keyed())).isTrue();
			assertThat(f.add(acc, new Ev(0, "e", 6.0).keyed())).isTrue();
			Object expected = "stddev".equals(fn) ? Math.sqrt(2) : Map.of("0.5", 4.0, "0.99", 6.0);
			assertThat(f.result(acc)).as(fn).isEqualTo(expected);
		}
	}

	@Test
	void mergeLeavesItsInputsAlone() {
		Random random = new Random(73);
		for (String fn : List.of("stddev", "quantile", "distinct", "top", "first", "last")) {
			AggregateFunction<Object> f = typical(fn);
			for (int round = 0; round < 10; round++) {
				Object a = fold(f, timedEvents(random, random.nextInt(2000)));
				Object b = fold(f, events(quantileData(random, random.nextInt(2000), round)));
				Object ra = f.result(a);
				Object rb = f.result(b);
				Object sa = f.toSerialForm(a);
				Object sb = f.toSerialForm(b);
				f.merge(a, b);
				f.merge(b, a);
				assertThat(f.result(a)).as(fn).isEqualTo(ra);
				assertThat(f.result(b)).as(fn).isEqualTo(rb);
				assertThat(f.toSerialForm(a)).as(fn).isEqualTo(sa);
				assertThat(f.toSerialForm(b)).as(fn).isEqualTo(sb);
			}
		}
	}

	@Test
	void serialFormsTheFunctionDidNotWriteAreRejected() {
		Map<String, Object> forms = new LinkedHashMap<>();
		for (String fn : SKETCHES) {
			AggregateFunction<Object> f = typical(fn);
			forms.put(fn, f.toSerialForm(fold(f, events(List.of(1L, 2L, 3L, "x")))));
		}
		for (String fn : SKETCHES) {
			AggregateFunction<Object> f = typical(fn);
			for (Object foreign : List.of(5L, 2.5, List.of(1L), Map.of("t", 1L), "not base64 !", NOT_A_SKETCH)) {
				assertThatIllegalArgumentException().as(fn + " of " + foreign).isThrownBy(() -> f.fromSerialForm(foreign));
			}
			forms.forEach((other, form) -> {
				if (!other.equals(fn)) {
					assertThatIllegalArgumentException().as(fn + " of a " + other + " form")
						.isThrownBy(() -> f.fromSerialForm(form));
				}
			});
		}
		// sketches of another size
		HllSketch smaller = new HllSketch(10, TgtHllType.HLL_8);
		smaller.update("s:x");
		assertThatIllegalArgumentException().isThrownBy(() -> function("distinct")
			.fromSerialForm(Base64.getEncoder().encodeToString(smaller.toCompactByteArray())));
		KllDoublesSketch coarser = KllDoublesSketch.newHeapInstance(100);
		coarser.update(1.0);
		assertThatIllegalArgumentException().isThrownBy(() -> function("quantile", 0.5)
			.fromSerialForm(Base64.getEncoder().encodeToString(coarser.toByteArray())));
		AggregateFunction<Object> top100 = function("top", 100.0);
		Object top100Form = top100.toSerialForm(fold(top100, events(List.of("x"))));
		assertThatIllegalArgumentException().isThrownBy(() -> function("top", 10.0).fromSerialForm(top100Form));

		Map<String, @Nullable Object> withoutValue = new HashMap<>(Map.of("t", 1L, "id", "a"));
		withoutValue.put("v", null);
		for (String fn : List.of("stddev", "first", "last")) {
			AggregateFunction<Object> f = function(fn);
			for (Object foreign : List.of(5L, "x", List.of(1L, 2L), List.of(-1L, 0.0, 0.0), Map.of("t", 1L, "id", "a"),
					Map.of("t", "one", "id", "a", "v", 1L), Map.of("t", 1L, "id", 2L, "v", 1L), withoutValue)) {
				assertThatIllegalArgumentException().as(fn + " of " + foreign).isThrownBy(() -> f.fromSerialForm(foreign));
			}
		}
		assertThat(function("stddev").fromSerialForm(List.of(2, new BigDecimal("2"), 2.0f))).isNotNull();
	}

	@Test
	void theFactoryBuildsEachFunctionAndChecksItsNumbers() {
		assertThat(typical("stddev")).hasToString("stddev(v)");
		assertThat(function("quantile", 0.5, 0.99)).hasToString("quantile(v, 0.5, 0.99)");
		assertThat(typical("distinct")).hasToString("distinct(v)");
		assertThat(function("top", 10.0)).hasToString("top(v, 10)");
		assertThat(typical("first")).hasToString("first(v)");
		assertThat(typical("last")).hasToString("last(v)");
		for (List<Double> bad : List.of(List.<Double>of(), List.of(1.5), List.of(-0.1), List.of(Double.NaN),
				List.of(0.5, 0.5), List.of(0.0, -0.0))) {
			assertThatIllegalArgumentException().as("quantile " + bad)
				.isThrownBy(() -> AggregateFunctions.of(new AggregateSpec("p", "quantile", "v", bad, "x")))
				.withMessageStartingWith("aggregation 'p': ");
		}
		for (List<Double> bad : List.of(List.<Double>of(), List.of(0.0), List.of(1001.0), List.of(2.5), List.of(1.0, 2.0),
				List.of(Double.POSITIVE_INFINITY))) {
			assertThatIllegalArgumentException().as("top " + bad)
				.isThrownBy(() -> AggregateFunctions.of(new AggregateSpec("t", "top", "v", bad, "x")))
				.withMessageStartingWith("aggregation 't': ");
		}
		assertThat(AggregateFunctions.of(new AggregateSpec("t", "top", "v", List.of(1000.0), "x")))
			.hasToString("top(v, 1000)");
		assertThat(AggregateFunctions.of(new AggregateSpec("p", "quantile", "v", List.of(0.0, 1.0), "x")))
			.hasToString("quantile(v, 0.0, 1.0)");
		for (String fn : List.of("stddev", "quantile", "distinct", "top", "first", "last")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> AggregateFunctions.of(new AggregateSpec("m", fn, null, List.of(0.5), "x")))
				.withMessageContaining(fn + " needs a field");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AggregateFunctions.of(new AggregateSpec("m", "median", "v", List.of(), "x")))
			.withMessageContaining("available: count, sum(f), min(f), max(f), avg(f), stddev(f), quantile(f, q, ...), "
					+ "distinct(f), top(f, k), first(f), last(f)");
	}

	@Test
	void sketchStatesAreCompactBase64() {
		Random random = new Random(79);
		for (String fn : SKETCHES) {
			AggregateFunction<Object> f = typical(fn);
			Object form = f.toSerialForm(fold(f, events(skewed(random, 50_000))));
			assertThat(form).as(fn).isInstanceOf(String.class);
			assertThat(Base64.getDecoder().decode((String) form).length).as(fn).isBetween(8, 8 * 1024);
		}
	}

}
