package io.tributary.processing;

import java.nio.file.Path;
import java.time.Duration;

import io.tributary.processing.version.IncompatibleChangePolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import io.tributary.support.config.Namespace;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the processing service.
 *
 * @param namespace    prefix of every exchange, queue and Redis key of this installation
 * @param pipelineFile the pipeline file to run
 * @param processing   partitioning and timing of the window stage
 */
@ConfigurationProperties("tributary")
@Validated
public record ProcessingProperties(@DefaultValue("tributary") @Namespace String namespace,
		@DefaultValue("pipelines/example.yaml") Path pipelineFile, @DefaultValue @Valid Processing processing) {

	/**
	 * @param partitions     fixed number of window-state partitions of the installation; changing it
	 *                       needs empty state
	 * @param instanceIndex  this instance's index (a StatefulSet ordinal); it owns the partitions
	 *                       {@code p} with {@code p % instanceCount == instanceIndex}
	 * @param instanceCount  how many processing instances share the partitions
	 * @param tickInterval   how often watermarks advance by the clock and interim results are emitted
	 * @param confirmTimeout how long to wait for the broker to confirm a publish
	 * @param lookupRefresh  how often lookup tables are checked for changes
	 * @param leaseTtl       how long a partition lease lasts unless refreshed (every tick and every
	 *                       checkpoint refresh it): the longest pause an owner survives, and how long
	 *                       the partitions of a crashed instance wait before another instance takes them
	 * @param leasePoll      how often a delivery for a partition whose lease another instance holds
	 *                       checks the lease again
	 * @param failureBackoff pause before a delivery that failed (Redis or the broker unavailable) is
	 *                       handed back for redelivery, so an outage is not a busy loop; doubles while
	 *                       failures continue, up to {@code maxFailureBackoff}
	 * @param maxFailureBackoff the longest pause after failed deliveries; at least {@code failureBackoff}
	 * @param maxRetryInPlace how long a delivery whose checkpoint, lookups or publish fail is retried in place
	 *                       (window stage and route stage),
	 *                       its input held unacked and in order, before it is handed back to the broker;
	 *                       keep it below the broker's limit on an unacked delivery (RabbitMQ's
	 *                       {@code consumer_timeout}, 30 min by default; Kafka's {@code max.poll.interval.ms})
	 * @param sourceExpiry   how long an ingestion instance's last progress marker counts without a newer
	 *                       one: an instance stopped longer no longer holds quiet streams back; at least
	 *                       a few times ingestion's {@code progress-interval}
	 * @param onIncompatibleChange what a start does when a pipeline changed in a way its state cannot
	 *                       follow: a new version with empty state, or a refusal naming the change
	 * @param checkpoint     how durable a checkpoint must be before its input is acknowledged
	 * @param takeOverFromEarlierIncarnation on RabbitMQ, whether an instance takes at once the leases an
	 *                       earlier-started process of its own slot (the same instance index and count on
	 *                       the same host, e.g. a StatefulSet pod's restart) holds, instead of waiting
	 *                       {@code leaseTtl} for them: a restart after a crash resumes in seconds. Turn it
	 *                       off where two processes of one slot overlap on purpose
	 * @param standby        on RabbitMQ, whether this instance also stands by for the partitions it does
	 *                       not own, taking them over when their owner is gone (see {@link Standby})
	 */
	public record Processing(@DefaultValue("8") @Min(1) int partitions, @DefaultValue("0") @Min(0) int instanceIndex,
			@DefaultValue("1") @Min(1) int instanceCount, @DefaultValue("200ms") Duration tickInterval,
			@DefaultValue("10s") Duration confirmTimeout, @DefaultValue("1s") Duration lookupRefresh,
			@DefaultValue("15s") Duration leaseTtl, @DefaultValue("200ms") Duration leasePoll,
			@DefaultValue("500ms") Duration failureBackoff, @DefaultValue("500ms") Duration maxFailureBackoff,
			@DefaultValue("10m") Duration maxRetryInPlace, @DefaultValue("10s") Duration sourceExpiry,
			@DefaultValue("new-version") IncompatibleChangePolicy onIncompatibleChange,
			@DefaultValue @Valid Checkpoint checkpoint, @DefaultValue("true") boolean takeOverFromEarlierIncarnation,
			@DefaultValue @Valid Standby standby) {

		public Processing {
			requirePositive("tick-interval", tickInterval);
			requirePositive("lease-poll", leasePoll);
			requirePositive("failure-backoff", failureBackoff);
			requirePositive("max-retry-in-place", maxRetryInPlace);
			requirePositive("source-expiry", sourceExpiry);
			if (maxFailureBackoff.compareTo(failureBackoff) < 0) {
				throw new IllegalArgumentException("tributary.processing.max-failure-backoff (" + maxFailureBackoff
						+ ") must be at least tributary.processing.failure-backoff (" + failureBackoff + ")");
			}
			// ticks refresh the leases of idle partitions: several must fit into one TTL
			if (leaseTtl.compareTo(tickInterval.multipliedBy(5)) < 0) {
				throw new IllegalArgumentException("tributary.processing.lease-ttl (" + leaseTtl
						+ ") must be at least 5 tick intervals (" + tickInterval.multipliedBy(5) + ")");
			}
		}

		private static void requirePositive(String name, Duration value) {
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException("tributary.processing." + name + " must be positive, got " + value);
			}
		}

		/**
		 * @param replicasToWait     how many replicas of the checkpoint's Redis master must acknowledge
		 *                           each checkpoint ({@code WAIT}) before it counts and its input is
		 *                           acknowledged; 0 (the default): the master's answer is enough, and a
		 *                           failover can lose the newest checkpoints (Redis replicates
		 *                           asynchronously)
		 * @param replicaWaitTimeout how long a checkpoint waits for them; fewer acknowledgements fail the
		 *                           checkpoint, which is retried in place. Keep it below
		 *                           {@code spring.data.redis.timeout}
		 * @param interval           group commit on RabbitMQ: how long a partition's input may wait for
		 *                           the checkpoint that covers it (and its acknowledgement with it). A
		 *                           checkpoint then covers every delivery of that time; one with results
		 *                           is written at once, so results do not wait for it. 0: a checkpoint per
		 *                           delivery. On Kafka every delivery is checkpointed before its commit
		 */
		public record Checkpoint(@DefaultValue("0") @Min(0) int replicasToWait,
				@DefaultValue("1s") Duration replicaWaitTimeout, @DefaultValue("100ms") Duration interval) {

			public Checkpoint {
				requirePositive("checkpoint.replica-wait-timeout", replicaWaitTimeout);
				if (interval.isNegative()) {
					throw new IllegalArgumentException(
							"tributary.processing.checkpoint.interval must not be negative, got " + interval);
				}
			}

		}

		/**
		 * Warm standby on RabbitMQ: every instance also subscribes to the queues of the partitions it does
		 * not own. The queues have a single active consumer, so the broker delivers each partition's input
		 * to one instance, and moves it to a waiting one the moment the active consumer's connection is
		 * gone (a killed process, a lost connection); that instance then takes the partition's lease and
		 * state and carries on, already warm, instead of the partition pausing until the owner is back.
		 *
		 * @param enabled        whether to stand by (off: a partition waits for its owner's restart)
		 * @param takeOverAfter  how long input the broker delivers here waits for the lease's holder to
		 *                       release it (a graceful stop does, after its last checkpoint) before this
		 *                       instance takes the lease over; the holder, should it still run, is fenced
		 *                       off (its next checkpoint is refused and it drops the partition)
		 * @param subscribeAfter how long after the start the standby consumers subscribe, so that the
		 *                       owners, started together, subscribe first and the broker makes them the
		 *                       active consumers
		 * @param handBackAfter  how long a partition's owner, back after a failover, waits (warming up on
		 *                       its share of the route stage) before the instance that took the partition
		 *                       over hands it back
		 */
		public record Standby(@DefaultValue("false") boolean enabled, @DefaultValue("500ms") Duration takeOverAfter,
				@DefaultValue("20s") Duration subscribeAfter, @DefaultValue("60s") Duration handBackAfter) {

			public Standby {
				requirePositive("standby.take-over-after", takeOverAfter);
				requirePositive("standby.hand-back-after", handBackAfter);
				if (subscribeAfter.isNegative()) {
					throw new IllegalArgumentException(
							"tributary.processing.standby.subscribe-after must not be negative, got " + subscribeAfter);
				}
			}

		}

		/** The partitions this instance owns. */
		public java.util.List<Integer> ownedPartitions() {
			return PartitionOwnership.owned(this.partitions, this.instanceIndex, this.instanceCount);
		}

	}

}
