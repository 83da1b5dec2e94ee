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

}
