package io.tributary.contract.aggregate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.AggregateSpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class AggregateFunctionsTests {

	private static final Object MISSING = new Object();

	@SuppressWarnings("unchecked")
	private static AggregateFunction<Object> function(String fn, @Nullable String field) {
		return (AggregateFunction<Object>) AggregateFunctions.of(new AggregateSpec("m", fn, field, List.of(), "test"));
	}

	private static KeyedEvent event(Object value) {
		Map<String, Object> values = new HashMap<>();
		if (value != MISSING) {
			values.put("v", value);
		}
		values.put("other", 1);
		return new KeyedEvent("p", "k", "id", "ingest", Instant.EPOCH, values);
	}

	private static Object fold(AggregateFunction<Object> f, List<Object> values) {
		Object acc = f.createAccumulator();
		for (Object v : values) {
			f.add(acc, event(v));
		}
		return acc;
	}

	// --- an independent reference: exact arithmetic over the values the rules keep --------------------

	/** The numbers a numeric aggregation must use: integers exact, other numbers as doubles. */
	private static List<Number> numeric(List<Object> values) {
		List<Number> kept = new ArrayList<>();
		for (Object v : values) {
			if (v instanceof Long || v instanceof Integer) {
				kept.add(((Number) v).longValue());
			}
			else if (v instanceof Double d && Double.isFinite(d)) {
				kept.add(d);
			}
		}
		return kept;
	}

	private static @Nullable Object referenceSum(List<Object> values) {
		List<Number> kept = numeric(values);
		if (kept.isEmpty()) {
			return null;
		}
		BigDecimal exact = BigDecimal.ZERO;
		boolean integral = true;
		for (Number n : kept) {
			exact = exact.add(n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((Double) n));
			integral &= n instanceof Long;
		}
		if (integral && exact.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
				&& exact.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
			return exact.longValueExact();
		}
		return exact.doubleValue();
	}

	private static @Nullable Double referenceAvg(List<Object> values) {
		List<Number> kept = numeric(values);
		if (kept.isEmpty()) {
			return null;
		}
		BigDecimal exact = BigDecimal.ZERO;
		for (Number n : kept) {
			exact = exact.add(n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((Double) n));
		}
		return exact.divide(BigDecimal.valueOf(kept.size()), MathContext.DECIMAL128).doubleValue();
	}

	private static @Nullable Double referenceExtremum(List<Object> values, boolean max) {
		Double best = null;
		for (Number n : numeric(values)) {
			double d = n.doubleValue();
			if (best == null || (max ? d > best : d < best)) {
				best = d;
			}
		}
		return best;
	}

	private static void assertNumber(@Nullable Object actual, @Nullable Object expected) {
		if (expected == null) {
			assertThat(actual).isNull();
		}
		else if (expected instanceof Long) {
			assertThat(actual).isEqualTo(expected);
		}
		else {
			double e = (Double) expected;
			assertThat(actual).isInstanceOf(Double.class);
			assertThat((Double) actual).isCloseTo(e, within(Math.max(1e-9, Math.abs(e) * 1e-12)));
		}
	}

	private static List<Object> randomValues(Random random, int n, boolean withFractions) {
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int pick = random.nextInt(10);
			if (pick == 0) {
				values.add(MISSING);
			}
			else if (pick == 1) {
				values.add("12");
			}
			else if (pick == 2 && withFractions) {
				values.add(random.nextDouble(-1000, 1000));
			}
			else if (pick == 3) {
				values.add(random.nextInt(-500, 500));
			}
			else {
				values.add(random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L));
			}
		}
		return values;
	}

	// --- behaviour ------------------------------------------------------------------------------------

	@Test
	void countCountsEveryEventEvenWithoutTheField() {
		AggregateFunction<Object> count = function("count", null);
		assertThat(count.result(fold(count, List.of(1L, MISSING, "text", 2.5)))).isEqualTo(4L);
		assertThat(count.result(count.createAccumulator())).isEqualTo(0L);
	}

	@Test
	void sumOfIntegersIsAnExactLong() {
		AggregateFunction<Object> sum = function("sum", "v");
		long big = 1L << 60;
		Object result = sum.result(fold(sum, List.of(big, big, 1L, 7, -3L)));
		assertThat(result).isEqualTo(2 * big + 5);
	}

	@Test
	void sumBecomesADoubleWhenAFractionArrives() {
		AggregateFunction<Object> sum = function("sum", "v");
		assertThat(sum.result(fold(sum, List.of(2L, 0.5)))).isEqualTo(2.5);
		assertThat(sum.result(fold(sum, List.of(2L, 3.0)))).isEqualTo(5.0);
	}

	@Test
	void sumBecomesADoubleInsteadOfWrappingOnOverflow() {
		AggregateFunction<Object> sum = function("sum", "v");
		Object result = sum.result(fold(sum, List.of(Long.MAX_VALUE, 1L, 1L)));
		assertThat(result).isInstanceOf(Double.class);
		assertThat((Double) result).isCloseTo(9.223372036854775809E18, within(1e4));
		Object merged = sum.result(sum.merge(fold(sum, List.of(Long.MAX_VALUE)), fold(sum, List.of(Long.MAX_VALUE))));
		assertThat((Double) merged).isCloseTo(2 * 9.223372036854775807E18, within(1e4));
	}

	@Test
	void missingAndNullValuesAreSkippedWithoutBeingInvalid() {
		for (String fn : List.of("sum", "min", "max", "avg")) {
			AggregateFunction<Object> f = function(fn, "v");
			Object acc = f.createAccumulator();
			assertThat(f.add(acc, event(MISSING))).isTrue();
			assertThat(f.result(acc)).as(fn).isNull();
		}
	}

	@Test
	void valuesThatAreNotNumbersAreSkippedAndReported() {
		for (String fn : List.of("sum", "min", "max", "avg")) {
			AggregateFunction<Object> f = function(fn, "v");
			Object acc = f.createAccumulator();
			for (Object bad : List.of("12", true, Map.of("x", 1), List.of(1), Double.NaN, Double.POSITIVE_INFINITY)) {
				assertThat(f.add(acc, event(bad))).as(fn + " of " + bad).isFalse();
			}
			assertThat(f.add(acc, event(4L))).isTrue();
			assertThat(((Number) f.result(acc)).doubleValue()).as(fn).isEqualTo(4.0);
		}
	}

	@Test
	void bigNumbersFromJsonAreUsable() {
		AggregateFunction<Object> sum = function("sum", "v");
		assertThat(sum.result(fold(sum, List.of(BigInteger.valueOf(5), 2L)))).isEqualTo(7L);
		assertThat(sum.result(fold(sum, List.of(BigInteger.TWO.pow(70))))).isEqualTo(Math.pow(2, 70));
		assertThat(sum.result(fold(sum, List.of(new BigDecimal("1.25"))))).isEqualTo(1.25);
	}

	@Test
	void minMaxAndAvgAreDoubles() {
		List<Object> values = List.of(3L, -2L, 10L, MISSING);
		assertThat(function("min", "v").result(fold(function("min", "v"), values))).isEqualTo(-2.0);
		assertThat(function("max", "v").result(fold(function("max", "v"), values))).isEqualTo(10.0);
		assertThat(function("avg", "v").result(fold(function("avg", "v"), values))).isEqualTo(11.0 / 3);
	}

	@Test
	void dottedFieldsAreReadFromNestedObjectsOrFlattenedKeys() {
		AggregateFunction<Object> sum = function("sum", "a.b");
		Object acc = sum.createAccumulator();
		sum.add(acc, new KeyedEvent("p", "k", "1", "i", Instant.EPOCH, Map.of("a", Map.of("b", 2L))));
		sum.add(acc, new KeyedEvent("p", "k", "2", "i", Instant.EPOCH, Map.of("a.b", 3L)));
		sum.add(acc, new KeyedEvent("p", "k", "3", "i", Instant.EPOCH, Map.of("a", 5L)));
		sum.add(acc, new KeyedEvent("p", "k", "4", "i", Instant.EPOCH, Map.of("a", Map.of("c", 7L))));
		assertThat(sum.result(acc)).isEqualTo(5L);
	}

	@Test
	void everyFunctionAgreesWithABruteForceReference() {
		Random random = new Random(7);
		for (int round = 0; round < 300; round++) {
			List<Object> values = randomValues(random, random.nextInt(0, 40), round % 2 == 0);
			long expectedCount = values.size();
			assertThat(function("count", null).result(fold(function("count", null), values))).isEqualTo(expectedCount);
			assertNumber(function("sum", "v").result(fold(function("sum", "v"), values)), referenceSum(values));
			assertNumber(function("avg", "v").result(fold(function("avg", "v"), values)), referenceAvg(values));
			assertNumber(function("min", "v").result(fold(function("min", "v"), values)), referenceExtremum(values, false));
			assertNumber(function("max", "v").result(fold(function("max", "v"), values)), referenceExtremum(values, true));
		}
	}

	@Test
	void mergingPartsGivesWhatAddingEverythingGives() {
		Random random = new Random(11);
		for (String fn : List.of("count", "sum", "min", "max", "avg")) {
			AggregateFunction<Object> f = function(fn, "count".equals(fn) ? null : "v");
			for (int round = 0; round < 200; round++) {
				boolean fractions = round % 2 == 0;
				List<Object> values = randomValues(random, random.nextInt(0, 60), fractions);
				Object whole = f.result(fold(f, values));
				// split into random parts and merge them in a random order
				List<Object> parts = new ArrayList<>();
				int from = 0;
				while (from < values.size() || parts.isEmpty()) {
					int to = Math.min(values.size(), from + random.nextInt(0, 10));
					parts.add(fold(f, values.subList(from, to)));
					from = to;
					if (from >= values.size()) {
						break;
					}
				}
				Collections.shuffle(parts, random);
				while (parts.size() > 1) {
					int i = random.nextInt(parts.size() - 1);
					Object merged = f.merge(parts.get(i), parts.get(i + 1));
					parts.remove(i + 1);
					parts.set(i, merged);
				}
				Object merged = f.result(parts.get(0));
				if (fractions && whole instanceof Double d) {
					assertThat((Double) merged).as(fn).isCloseTo(d, within(Math.max(1e-9, Math.abs(d) * 1e-12)));
				}
				else {
					assertThat(merged).as(fn + " of " + values).isEqualTo(whole);
				}
			}
		}
	}

	@Test
	void mergeIsAssociativeAndLeavesItsInputsAlone() {
		Random random = new Random(13);
		for (String fn : List.of("count", "sum", "min", "max", "avg")) {
			AggregateFunction<Object> f = function(fn, "count".equals(fn) ? null : "v");
			for (int round = 0; round < 200; round++) {
				Object a = fold(f, randomValues(random, random.nextInt(0, 10), false));
				Object b = fold(f, randomValues(random, random.nextInt(0, 10), false));
				Object c = fold(f, randomValues(random, random.nextInt(0, 10), false));
				Object ra = f.result(a);
				Object rb = f.result(b);
				Object left = f.result(f.merge(f.merge(a, b), c));
				Object right = f.result(f.merge(a, f.merge(b, c)));
				if (left instanceof Double l) {
					assertThat((Double) right).as(fn).isCloseTo(l, within(Math.abs(l) * 1e-12 + 1e-9));
				}
				else {
					assertThat(right).as(fn).isEqualTo(left);
				}
				assertThat(f.result(a)).isEqualTo(ra);
				assertThat(f.result(b)).isEqualTo(rb);
			}
		}
	}

	@Test
	void theSerialFormSurvivesJsonAndContinuesLikeTheOriginal() {
		Random random = new Random(17);
		for (String fn : List.of("count", "sum", "min", "max", "avg")) {
			AggregateFunction<Object> f = function(fn, "count".equals(fn) ? null : "v");
			for (int round = 0; round < 100; round++) {
				List<Object> values = randomValues(random, random.nextInt(0, 30), round % 3 == 0);
				if (round == 0 && !"count".equals(fn)) {
					values = new ArrayList<>(List.of(Long.MAX_VALUE, 5L));
				}
				Object acc = fold(f, values);
				String json = WireFormat.writeString(Collections.singletonList(f.toSerialForm(acc)));
				Object form = WireFormat.read(json, List.class).get(0);
				Object restored = f.fromSerialForm(form);
				assertThat(f.result(restored)).as(fn + " " + json).isEqualTo(f.result(acc));
				f.add(restored, event(3L));
				f.add(acc, event(3L));
				assertThat(f.result(restored)).isEqualTo(f.result(acc));
			}
		}
	}

	@Test
	void aSerialFormOfTheWrongShapeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> function("sum", "v").fromSerialForm(List.of(1, 2)));
		assertThatIllegalArgumentException().isThrownBy(() -> function("count", null).fromSerialForm("x"));
		assertThatIllegalArgumentException().isThrownBy(() -> function("min", "v").fromSerialForm(List.of()));
	}

	@Test
	void theFactoryRejectsUnknownFunctionsAndMissingFields() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AggregateFunctions.of(new AggregateSpec("mid", "median", "v", List.of(), "x")))
			.withMessageContaining("'median' is not available");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AggregateFunctions.of(new AggregateSpec("total", "sum", null, List.of(), "x")))
			.withMessageContaining("sum needs a field");
	}

}
