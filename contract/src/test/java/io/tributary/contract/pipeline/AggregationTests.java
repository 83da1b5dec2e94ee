package io.tributary.contract.pipeline;

import java.util.List;

import io.tributary.contract.aggregate.AggregateFunctions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The catalogue of aggregations: what the loader accepts is what the engine builds, with the same limits. */
class AggregationTests {

	@Test
	void theCatalogueListsTheElevenAggregationsByName() {
		assertThat(Aggregation.available()).isEqualTo("count, sum(f), min(f), max(f), avg(f), stddev(f), "
				+ "quantile(f, q, ...), distinct(f), top(f, k), first(f), last(f)");
		for (String name : List.of("count", "sum", "min", "max", "avg", "stddev", "quantile", "distinct", "top",
				"first", "last")) {
			assertThat(Aggregation.named(name)).as(name).isNotNull().extracting(Aggregation::text).isEqualTo(name);
		}
		assertThat(Aggregation.named("median")).isNull();
		assertThat(Aggregation.named("COUNT")).as("names are written in lower case").isNull();
	}

	@Test
	void everyEntryTheLoaderAcceptsTheFactoryBuilds() {
		for (Aggregation aggregation : Aggregation.values()) {
			List<Double> params = switch (aggregation.arguments()) {
				case NONE, FIELD -> List.of();
				case FIELD_AND_QUANTILES -> List.of(0.5);
				case FIELD_AND_K -> List.of(3.0);
			};
			String field = aggregation.arguments().takesField() ? "v" : null;
			assertThat(AggregateFunctions.of(new AggregateSpec("m", aggregation.text(), field, params, "x")))
				.as(aggregation.text())
				.isNotNull();
		}
	}

	@Test
	void theTopLimitIsTheSameForTheLoaderAndTheEngine() {
		assertThat(PipelineLimits.MAX_TOP_K).isEqualTo(1000);
		assertThat(Aggregation.Parameter.K.outOfRange(1000)).isNull();
		assertThat(Aggregation.Parameter.K.outOfRange(1001)).isEqualTo("is not from 1 to 1000");
		assertThat(AggregateFunctions.of(new AggregateSpec("t", "top", "v", List.of(1000.0), "x")))
			.hasToString("top(v, 1000)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AggregateFunctions.of(new AggregateSpec("t", "top", "v", List.of(1001.0), "x")))
			.withMessageContaining("from 1 to 1000");
	}

	@Test
	void theNumbersAfterTheFieldAreParsedAndRangedByKind() {
		assertThat(Aggregation.Parameter.QUANTILE.parse("1e-1")).isEqualTo(0.1);
		assertThat(Aggregation.Parameter.QUANTILE.outOfRange(Double.NaN)).isEqualTo("is not in [0, 1]");
		assertThat(Aggregation.Parameter.QUANTILE.outOfRange(-0.0)).isNull();
		org.assertj.core.api.Assertions.assertThatExceptionOfType(NumberFormatException.class)
			.isThrownBy(() -> Aggregation.Parameter.K.parse("1e1"));
		assertThat(Aggregation.QUANTILE.arguments().accepts(1)).isFalse();
		assertThat(Aggregation.QUANTILE.arguments().accepts(5)).isTrue();
		assertThat(Aggregation.TOP.arguments().accepts(3)).isFalse();
		assertThat(Aggregation.COUNT.arguments().takesField()).isFalse();
	}

	@Test
	void theLoaderAndTheEngineRejectWrongNumbersWithTheSameWords() {
		String quantile = "quantile takes a field and one or more quantiles in [0, 1], e.g. quantile(latency_ms, 0.5, "
				+ "0.99); got ";
		String top = "top takes a field and a number of values k from 1 to 1000, e.g. top(country, 10); got ";
		String sum = "sum takes one argument, a field name, e.g. sum(latency_ms); got ";
		record Case(String call, List<Double> numbers, String reason) {
		}
		List<Case> cases = List.of(new Case("quantile(latency_ms)", List.of(), quantile + "quantile(latency_ms)"),
				new Case("quantile(latency_ms, 1.5)", List.of(1.5),
						quantile + "quantile(latency_ms, 1.5) (1.5 is not in [0, 1])"),
				new Case("quantile(latency_ms, -0.1)", List.of(-0.1),
						quantile + "quantile(latency_ms, -0.1) (-0.1 is not in [0, 1])"),
				new Case("quantile(latency_ms, NaN)", List.of(Double.NaN),
						quantile + "quantile(latency_ms, NaN) (NaN is not in [0, 1])"),
				new Case("quantile(latency_ms, 0.5, 0.5)", List.of(0.5, 0.5),
						quantile + "quantile(latency_ms, 0.5, 0.5) (0.5 is there twice)"),
				new Case("quantile(latency_ms, 0.0, -0.0)", List.of(0.0, -0.0),
						quantile + "quantile(latency_ms, 0.0, -0.0) (-0.0 is there twice)"),
				new Case("top(latency_ms)", List.of(), top + "top(latency_ms)"),
				new Case("top(latency_ms, 5, 6)", List.of(5.0, 6.0), top + "top(latency_ms, 5, 6)"),
				new Case("top(latency_ms, 0)", List.of(0.0), top + "top(latency_ms, 0) (0 is not from 1 to 1000)"),
				new Case("top(latency_ms, 1001)", List.of(1001.0),
						top + "top(latency_ms, 1001) (1001 is not from 1 to 1000)"),
				new Case("top(latency_ms, 2.5)", List.of(2.5),
						top + "top(latency_ms, 2.5) ('2.5' is not a whole number)"),
				new Case("sum(latency_ms, 1.0)", List.of(1.0), sum + "sum(latency_ms, 1.0)"));
		for (Case c : cases) {
			assertThat(PipelineFileLoaderTests.aggregationProblem(c.call())).as("loader: " + c.call())
				.isEqualTo("p.yaml:19:10: pipelines.campaign-views.aggregate.m: " + c.reason());
			String fn = c.call().substring(0, c.call().indexOf('('));
			assertThatIllegalArgumentException().as("engine: " + c.call())
				.isThrownBy(() -> AggregateFunctions.of(new AggregateSpec("m", fn, "latency_ms", c.numbers(), "x")))
				.withMessage("aggregation 'm': " + c.reason());
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AggregateFunctions
				.of(new AggregateSpec("m", "top", "v", List.of(Double.POSITIVE_INFINITY), "x")))
			.withMessageEndingWith("; got top(v, Infinity) ('Infinity' is not a whole number)");
	}

}
