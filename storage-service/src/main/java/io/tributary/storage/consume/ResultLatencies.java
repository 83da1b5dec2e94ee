package io.tributary.storage.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.contract.IngestTimes;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;

/**
 * How long results took to be stored, per pipeline, as histograms: the freshness of final results
 * (stored at minus window end) and end-to-end latency (stored at minus when ingestion accepted the
 * oldest event a batch's results of the pipeline newly include).
 */
final class ResultLatencies {

	static final String FRESHNESS = "tributary.result.freshness";

	static final String END_TO_END = "tributary.e2e.latency";

	private final MeterRegistry registry;

	private final Clock clock;

	private final Map<String, Timer> freshness = new ConcurrentHashMap<>();

	private final Map<String, Timer> endToEnd = new ConcurrentHashMap<>();

	ResultLatencies(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	/** The batches were stored just now. */
	void stored(List<ResultBatch> batches) {
		long now = this.clock.millis();
		for (ResultBatch batch : batches) {
			for (WindowResult result : batch.results()) {
				if (result.isFinal()) {
					long millis = now - result.windowEnd().toEpochMilli();
					if (millis >= 0) {
						timer(this.freshness, FRESHNESS, "Stored at minus window end of final results", result.pipeline())
							.record(Duration.ofMillis(millis));
					}
				}
			}
			for (Map.Entry<String, IngestTimes> times : batch.ingestTimes().entrySet()) {
				long millis = now - times.getValue().oldest().toEpochMilli();
				if (millis >= 0) {
					timer(this.endToEnd, END_TO_END,
							"Stored at minus accepted at ingestion, of the oldest event a result batch newly includes",
							times.getKey()).record(Duration.ofMillis(millis));
				}
			}
		}
	}

	private Timer timer(Map<String, Timer> timers, String name, String description, String pipeline) {
		return timers.computeIfAbsent(pipeline, (p) -> Timer.builder(name)
			.description(description)
			.tag("pipeline", p)
			.publishPercentileHistogram()
			.maximumExpectedValue(Duration.ofHours(1))
			.register(this.registry));
	}

}
