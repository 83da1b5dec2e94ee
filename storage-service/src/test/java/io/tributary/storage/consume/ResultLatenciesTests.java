package io.tributary.storage.consume;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.Counts;
import io.tributary.contract.IngestTimes;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Freshness and end-to-end latency against hand-computed values, on a fixed clock. */
class ResultLatenciesTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:01:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ResultLatencies latencies = new ResultLatencies(this.registry, Clock.fixed(NOW, ZoneOffset.UTC));

	private static WindowResult result(String pipeline, String windowEnd, boolean isFinal) {
		Instant end = Instant.parse(windowEnd);
		return new WindowResult(pipeline, "k", end.minusSeconds(10), end, isFinal, 1, Map.of("n", 1L),
				new Counts(1, 0, 0));
	}

	private Timer timer(String name, String pipeline) {
		return this.registry.get(name).tag("pipeline", pipeline).timer();
	}

	@Test
	void freshnessIsStoredAtMinusWindowEndOfFinalResultsPerPipeline() {
		this.latencies.stored(List.of(new ResultBatch(List.of(result("views", "2026-03-01T10:00:58Z", true),
				result("views", "2026-03-01T10:00:55.500Z", true), result("views", "2026-03-01T10:01:30Z", false),
				result("clicks", "2026-03-01T10:00:00Z", true)), List.of(), List.of())));

		// views: 2 s and 4.5 s; the interim result is not a freshness sample; clicks: 60 s
		assertThat(timer(ResultLatencies.FRESHNESS, "views").count()).isEqualTo(2);
		assertThat(timer(ResultLatencies.FRESHNESS, "views").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6500.0);
		assertThat(timer(ResultLatencies.FRESHNESS, "views").max(TimeUnit.MILLISECONDS)).isEqualTo(4500.0);
		assertThat(timer(ResultLatencies.FRESHNESS, "clicks").totalTime(TimeUnit.SECONDS)).isEqualTo(60.0);
	}

	@Test
	void endToEndLatencyIsMeasuredFromTheOldestAcceptanceOfEachPipeline() {
		ResultBatch batch = new ResultBatch(List.of(result("views", "2026-03-01T10:00:58Z", true)), List.of(),
				List.of(), List.of(), List.of(),
				Map.of("views", new IngestTimes(Instant.parse("2026-03-01T10:00:51.250Z"),
						Instant.parse("2026-03-01T10:00:59Z")), "clicks",
						new IngestTimes(Instant.parse("2026-03-01T10:00:30Z"), Instant.parse("2026-03-01T10:00:31Z"))));

		this.latencies.stored(List.of(batch));

		assertThat(timer(ResultLatencies.END_TO_END, "views").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8750.0);
		assertThat(timer(ResultLatencies.END_TO_END, "clicks").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30000.0);
	}

}
