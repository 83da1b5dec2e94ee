package io.tributary.processing;

import java.nio.file.Path;
import java.time.Duration;

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
	 */
	public record Processing(@DefaultValue("8") @Min(1) int partitions, @DefaultValue("0") @Min(0) int instanceIndex,
			@DefaultValue("1") @Min(1) int instanceCount, @DefaultValue("200ms") Duration tickInterval,
			@DefaultValue("10s") Duration confirmTimeout, @DefaultValue("1s") Duration lookupRefresh,
			@DefaultValue("15s") Duration leaseTtl) {

		public Processing {
			if (tickInterval.isNegative() || tickInterval.isZero()) {
				throw new IllegalArgumentException("tributary.processing.tick-interval must be positive, got " + tickInterval);
			}
			// ticks refresh the leases of idle partitions: several must fit into one TTL
			if (leaseTtl.compareTo(tickInterval.multipliedBy(5)) < 0) {
				throw new IllegalArgumentException("tributary.processing.lease-ttl (" + leaseTtl
						+ ") must be at least 5 tick intervals (" + tickInterval.multipliedBy(5) + ")");
			}
		}

		/** The partitions this instance owns. */
		public java.util.List<Integer> ownedPartitions() {
			return PartitionOwnership.owned(this.partitions, this.instanceIndex, this.instanceCount);
		}

	}

}
