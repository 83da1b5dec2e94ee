package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.tributary.processing.window.PartitionProcessor;
import io.tributary.processing.window.StateSize;

/**
 * The meters of the partitions this instance holds, per pipeline and partition: watermark lag (wall
 * clock minus watermark), state size (windows, keys, held ids), and each checkpoint's duration and
 * size. Gauges read a snapshot the checkpointer takes with the partition locked, never the state
 * itself; a partition that is not held reads NaN, and its meters go when it is released, so two
 * instances never report one partition.
 */
final class PartitionMetrics {

	static final String WATERMARK_LAG = "tributary.watermark.lag";

	static final String STATE_WINDOWS = "tributary.state.windows";

	static final String STATE_KEYS = "tributary.state.keys";

	static final String STATE_IDS = "tributary.state.ids";

	static final String CHECKPOINT_DURATION = "tributary.checkpoint.duration";

	static final String CHECKPOINT_SIZE = "tributary.checkpoint.size";

	private static final long NONE = Long.MIN_VALUE;

	private final MeterRegistry meters;

	private final Clock clock;

	private final IntPredicate held;

	/** Sizes walk the state (keys are counted), so they are taken at most this often per partition. */
	private final Duration sizeInterval;

	private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();

	PartitionMetrics(MeterRegistry meters, Clock clock, IntPredicate held, Duration sizeInterval) {
		this.meters = meters;
		this.clock = clock;
		this.held = held;
		this.sizeInterval = sizeInterval;
	}

	/** A checkpoint of the partition was written: how long it took and how many bytes it wrote. */
	void checkpointed(int partition, long nanos, long bytes) {
		Partition p = partition(partition);
		p.duration.record(nanos, TimeUnit.NANOSECONDS);
		p.size.record(bytes);
	}

	/** Takes the partition's watermarks and, when due, its state sizes (partition locked). */
	void observe(int partition, PartitionProcessor processor, Map<String, Instant> watermarks) {
		Partition p = partition(partition);
		watermarks.forEach((pipeline, watermark) -> p.pipeline(pipeline).watermark = watermark.toEpochMilli());
		long now = this.clock.millis();
		if (p.sizesTakenAt == NONE || now - p.sizesTakenAt >= this.sizeInterval.toMillis()) {
			p.sizesTakenAt = now;
			processor.stateSizes().forEach((pipeline, size) -> p.pipeline(pipeline).size = size);
		}
	}

	/** The partition is no longer served here: its meters go. */
	void forget(int partition) {
		Partition p = this.partitions.remove(partition);
		if (p != null) {
			p.registered.forEach(this.meters::remove);
		}
	}

	private Partition partition(int partition) {
		return this.partitions.computeIfAbsent(partition, Partition::new);
	}

	/** Gauge values of one pipeline in one partition, as last observed. */
	private static final class PipelineValues {

		volatile long watermark = NONE;

		volatile StateSize size = new StateSize(0, 0, 0);

	}

	private final class Partition {

		final int partition;

		final Tags tags;

		final Timer duration;

		final DistributionSummary size;

		final Map<String, PipelineValues> pipelines = new ConcurrentHashMap<>();

		final List<Meter> registered = new CopyOnWriteArrayList<>();

		volatile long sizesTakenAt = NONE;

		Partition(int partition) {
			this.partition = partition;
			this.tags = Tags.of("partition", Integer.toString(partition));
			this.duration = Timer.builder(CHECKPOINT_DURATION)
				.description("Time to write one checkpoint of a partition to Redis")
				.tags(this.tags)
				.publishPercentileHistogram()
				.register(PartitionMetrics.this.meters);
			this.size = DistributionSummary.builder(CHECKPOINT_SIZE)
				.description("Bytes one checkpoint of a partition writes to Redis (hash fields and values, outbox)")
				.baseUnit("bytes")
				.tags(this.tags)
				.register(PartitionMetrics.this.meters);
			this.registered.add(this.duration);
			this.registered.add(this.size);
		}

		PipelineValues pipeline(String pipeline) {
			return this.pipelines.computeIfAbsent(pipeline, (name) -> {
				PipelineValues values = new PipelineValues();
				register(name, values);
				return values;
			});
		}

		private void register(String pipeline, PipelineValues values) {
			Tags tags = this.tags.and("pipeline", pipeline);
			MeterRegistry registry = PartitionMetrics.this.meters;
			this.registered.add(TimeGauge.builder(WATERMARK_LAG, values, TimeUnit.MILLISECONDS, this::lag)
				.description("Wall clock minus the watermark of a pipeline in a partition")
				.tags(tags)
				.register(registry));
			this.registered.add(gauge(STATE_WINDOWS, "Windows held (open, or fired and within allowed lateness)",
					tags, values, (v) -> v.size.windows()));
			this.registered.add(gauge(STATE_KEYS, "Keys with at least one window held", tags, values,
					(v) -> v.size.keys()));
			this.registered.add(gauge(STATE_IDS, "Event ids held to recognise redeliveries and duplicates", tags,
					values, (v) -> v.size.heldIds()));
		}

		private Gauge gauge(String name, String description, Tags tags, PipelineValues values,
				ToDoubleFunction<PipelineValues> value) {
			return Gauge.builder(name, values, (v) -> heldOrNaN(value.applyAsDouble(v)))
				.description(description)
				.tags(tags)
				.register(PartitionMetrics.this.meters);
		}

		private double lag(PipelineValues values) {
			long watermark = values.watermark;
			return (watermark == NONE) ? Double.NaN : heldOrNaN(PartitionMetrics.this.clock.millis() - watermark);
		}

		private double heldOrNaN(double value) {
			return PartitionMetrics.this.held.test(this.partition) ? value : Double.NaN;
		}

	}

}
