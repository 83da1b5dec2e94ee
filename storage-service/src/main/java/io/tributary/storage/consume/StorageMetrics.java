package io.tributary.storage.consume;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.storage.store.StoreOutcome;

/** Counters for what storage did, exported with the service's other metrics. */
final class StorageMetrics {

	/** Exported as {@code tributary_results_dropped_expired_total{pipeline}}. */
	static final String DROPPED_EXPIRED = "tributary.results.dropped.expired";

	private final Counter resultsApplied;

	private final Counter resultsIgnored;

	private final Counter resultsExpired;

	private final Counter lateRecorded;

	private final Counter lateDuplicates;

	private final Counter deadLettersStored;

	private final Counter deadLetterDuplicates;

	private final Counter deadLettersExpired;

	private final Counter retractionsApplied;

	private final Counter retractionsIgnored;

	private final Counter retractionsExpired;

	private final Counter alertsApplied;

	private final Counter alertsIgnored;

	private final Counter malformed;

	private final Counter failedBatches;

	private final Timer batchWrites;

	private final MeterRegistry registry;

	private final ResultLatencies latencies;

	StorageMetrics(MeterRegistry registry) {
		this(registry, Clock.systemUTC());
	}

	StorageMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.latencies = new ResultLatencies(registry, clock);
		this.resultsApplied = outcome(registry, "tributary.storage.results", "applied");
		this.resultsIgnored = outcome(registry, "tributary.storage.results", "ignored");
		this.resultsExpired = outcome(registry, "tributary.storage.results", "expired");
		this.lateRecorded = outcome(registry, "tributary.storage.late.records", "recorded");
		this.lateDuplicates = outcome(registry, "tributary.storage.late.records", "duplicate");
		this.deadLettersStored = outcome(registry, "tributary.storage.dead.letters", "stored");
		this.deadLetterDuplicates = outcome(registry, "tributary.storage.dead.letters", "duplicate");
		this.deadLettersExpired = outcome(registry, "tributary.storage.dead.letters", "expired");
		this.retractionsApplied = outcome(registry, "tributary.storage.retractions", "applied");
		this.retractionsIgnored = outcome(registry, "tributary.storage.retractions", "ignored");
		this.retractionsExpired = outcome(registry, "tributary.storage.retractions", "expired");
		this.alertsApplied = outcome(registry, "tributary.storage.alerts", "applied");
		this.alertsIgnored = outcome(registry, "tributary.storage.alerts", "ignored");
		this.malformed = Counter.builder("tributary.storage.malformed.messages")
			.description("Messages moved to the dead-letter queue because they cannot be read")
			.register(registry);
		this.failedBatches = Counter.builder("tributary.storage.failed.batches")
			.description("Message batches handed back to the broker because Redis did not complete them")
			.register(registry);
		this.batchWrites = Timer.builder("tributary.storage.batch.writes")
			.description("Time to write one message batch to Redis")
			.register(registry);
	}

	private static Counter outcome(MeterRegistry registry, String name, String outcome) {
		return Counter.builder(name).tag("outcome", outcome).register(registry);
	}

	ResultLatencies latencies() {
		return this.latencies;
	}

	Timer batchWrites() {
		return this.batchWrites;
	}

	void stored(StoreOutcome outcome, int malformedMessages) {
		this.resultsApplied.increment(outcome.resultsApplied());
		this.resultsIgnored.increment(outcome.resultsIgnored());
		this.resultsExpired.increment(outcome.resultsExpired());
		this.lateRecorded.increment(outcome.lateRecorded());
		this.lateDuplicates.increment(outcome.lateDuplicates());
		this.deadLettersStored.increment(outcome.deadLettersStored());
		this.deadLetterDuplicates.increment(outcome.deadLetterDuplicates());
		this.deadLettersExpired.increment(outcome.deadLettersExpired());
		this.retractionsApplied.increment(outcome.retractionsApplied());
		this.retractionsIgnored.increment(outcome.retractionsIgnored());
		this.retractionsExpired.increment(outcome.retractionsExpired());
		this.alertsApplied.increment(outcome.alertsApplied());
		this.alertsIgnored.increment(outcome.alertsIgnored());
		this.malformed.increment(malformedMessages);
		// pipelines are declared in the pipeline file, so the tag's values are bounded
		outcome.resultsExpiredByPipeline().forEach((pipeline, count) -> Counter.builder(DROPPED_EXPIRED)
			.description("Results not stored because their window ended before the pipeline's retention cutoff "
					+ "(now - retention): a backfill older than the retention; each is kept as an expired-retention record")
			.tag("pipeline", pipeline)
			.register(this.registry)
			.increment(count));
	}

	void failed() {
		this.failedBatches.increment();
	}

}
