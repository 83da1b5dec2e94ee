package io.tributary.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.tributary.contract.FeedEntryType;
import io.tributary.support.config.Namespace;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The storage service's settings ({@code tributary.*}).
 *
 * @param namespace    prefix of every broker destination and Redis key, so installations and test
 *                     runs can share one broker and one Redis
 * @param pipelineFile the pipeline file whose {@code retention} settings apply, relative to the
 *                     working directory
 * @param storage      how results and records are written
 */
@ConfigurationProperties("tributary")
@Validated
public record StorageProperties(@DefaultValue("tributary") @Namespace String namespace,
		@DefaultValue("pipelines/example.yaml") Path pipelineFile, @DefaultValue @Valid Storage storage) {

	/**
	 * @param defaultRetention     retention of results of a pipeline that is not in the pipeline file
	 * @param deadLetterRetention  how long dead-letter records are kept after they were recorded
	 * @param expiryMargin         added to the retention when setting Redis key expiries, so a key
	 *                             never expires before its newest entry is due for trimming
	 * @param writeTimeout         how long one batch's Redis writes may take before the batch fails
	 *                             and is redelivered
	 * @param trimLimit            most expired entries one write removes, so a script stays short
	 * @param failureBackoff       pause after a failed batch before it is handed back to the broker
	 *                             (doubles while failures continue, up to {@code maxFailureBackoff}),
	 *                             so an unavailable Redis is not hammered by redeliveries
	 * @param deadLetterQueueTimeout how long to wait for the broker to confirm a malformed message
	 *                             moved to the dead-letter queue
	 * @param replicasToWait       how many replicas of each Redis master written to must acknowledge a
	 *                             batch's writes ({@code WAIT}) before the batch is acknowledged; 0 (the
	 *                             default): the master's answer is enough, and a failover can lose the
	 *                             newest writes (Redis replicates asynchronously)
	 * @param replicaWaitTimeout   how long a batch waits for them; fewer acknowledgements fail the batch,
	 *                             which is redelivered
	 * @param resultsOut           what is published to the outbound results destination
	 */
	public record Storage(@DefaultValue("7d") @DurationMin(millis = 1) Duration defaultRetention,
			@DefaultValue("7d") @DurationMin(millis = 1) Duration deadLetterRetention,
			@DefaultValue("1h") @DurationMin(millis = 0) Duration expiryMargin,
			@DefaultValue("10s") @DurationMin(millis = 1) Duration writeTimeout,
			@DefaultValue("1000") @Min(1) @Max(5000) int trimLimit,
			@DefaultValue("200ms") @DurationMin(millis = 1) Duration failureBackoff,
			@DefaultValue("5s") @DurationMin(millis = 1) Duration maxFailureBackoff,
			@DefaultValue("10s") @DurationMin(millis = 1) Duration deadLetterQueueTimeout,
			@DefaultValue("0") @Min(0) int replicasToWait,
			@DefaultValue("1s") @DurationMin(millis = 1) Duration replicaWaitTimeout,
			@DefaultValue @Valid ResultsOut resultsOut) {
	}

	/**
	 * The outbound results destination {@code <ns>.results.out} ({@code io.tributary.contract.ResultsOut}):
	 * after a batch is stored and before it is acknowledged, its results, retractions and alerts are
	 * published there, so downstream systems subscribe instead of reading Redis.
	 *
	 * @param enabled         whether anything is published (and the destination declared)
	 * @param types           which of {@code result}, {@code retraction} and {@code alert}
	 * @param nonFinal        whether results that are not final yet ({@code emit.every} updates of an
	 *                        open window) are published too; by default only final ones are
	 * @param confirmTimeout  how long to wait for the broker to confirm a batch's messages before the
	 *                        batch fails and is redelivered
	 * @param partitions      Kafka only: the partitions of the topic when storage creates it
	 */
	public record ResultsOut(@DefaultValue("true") boolean enabled,
			@DefaultValue({ "result", "retraction", "alert" }) Set<FeedEntryType> types,
			@DefaultValue("false") boolean nonFinal,
			@DefaultValue("10s") @DurationMin(millis = 1) Duration confirmTimeout,
			@DefaultValue("8") @Min(1) int partitions) {

		/** @throws IllegalArgumentException when {@code types} names the live feed's {@code late} entries */
		public ResultsOut {
			types = Set.copyOf(types);
			if (types.contains(FeedEntryType.LATE)) {
				throw new IllegalArgumentException(
						"tributary.storage.results-out.types takes result, retraction and alert; late counts are not published");
			}
		}

	}

}
