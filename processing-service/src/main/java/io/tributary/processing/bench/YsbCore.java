package io.tributary.processing.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.EventBatch;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.processing.checkpoint.PartitionLeases;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.lookup.RedisLookupTables;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.route.Router;
import io.tributary.processing.stream.RouteStage;
import io.tributary.processing.stream.WindowStage;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The processing core on the YSB job, wired as the service wires it (route stage, keyed hop, window
 * stage with its checkpointer) on an {@link InMemoryBroker} and an {@link InMemoryRedis}, with a
 * clock that follows the generated event time. Single-threaded: each route delivery is followed by
 * one window-stage delivery per partition that it produced keyed messages for.
 */
final class YsbCore {

	static final String PIPELINE = "campaign-views";

	private static final String PIPELINE_FILE = "bench/ysb-pipeline.yaml";

	/** How long the last events wait before the watermark is moved past them by the clock. */
	private static final Duration FINISH_AFTER = Duration.ofSeconds(15);

	private final EventClock clock = new EventClock();

	private final InMemoryBroker broker = new InMemoryBroker();

	private final InMemoryRedis redis = new InMemoryRedis();

	private final RouteStage route;

	private final WindowStage window;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	YsbCore(Map<String, String> campaignOfAd, int partitions) {
		RedisKeys keys = new RedisKeys("bench");
		Map<String, String> lookup = new HashMap<>();
		campaignOfAd.forEach((ad, campaign) -> lookup.put(ad, WireFormat.writeString(campaign)));
		this.redis.putHash(keys.lookup("campaigns"), lookup);
		this.redis.putString(keys.lookupVersion("campaigns"), "1");
		StringRedisTemplate template = this.redis.template();
		RedisLookupTables lookups = new RedisLookupTables(template, keys, List.of("campaigns"));
		lookups.refresh();
		PipelineFile file = pipelineFile();
		ConfirmedPublisher publisher = new ConfirmedPublisher(this.broker.outputs());
		this.route = new RouteStage(new Router(file, lookups, partitions, this.clock), publisher, this.meters);
		PartitionLeases leases = new PartitionLeases(template, keys, "bench-core", Duration.ofSeconds(30));
		this.window = new WindowStage(IntStream.range(0, partitions).boxed().toList(), file.pipelines().values(),
				Map.of(), new RedisCheckpointStore(template, keys, leases), leases, publisher, this.clock,
				new WindowStage.Timing(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1)), this.meters);
		this.window.lifecycle().start();
	}

	static PipelineFile pipelineFile() {
		try (InputStream in = YsbCore.class.getClassLoader().getResourceAsStream(PIPELINE_FILE)) {
			if (in == null) {
				throw new IllegalStateException(PIPELINE_FILE + " is missing from the class path");
			}
			return PipelineFileLoader.load(PIPELINE_FILE, new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + PIPELINE_FILE, ex);
		}
	}

	/**
	 * One route delivery of event-batch messages, accepted by ingestion at {@code acceptedAt}, then
	 * the window stage's deliveries of the keyed messages it produced.
	 */
	void deliver(List<byte[]> messages, long acceptedAt) {
		this.clock.set(acceptedAt);
		this.route.handle(messages);
		this.broker.takeKeyed().forEach((partition, keyed) -> this.window.handle(keyed));
	}

	/**
	 * The end of the input: ingestion's progress marker says nothing more is coming, and once the
	 * idle timeout passed without events the watermarks move past the last windows, which fire.
	 */
	void finish() {
		long now = this.clock.millis() + FINISH_AFTER.toMillis();
		StreamProgress marker = new StreamProgress(YsbEvents.STREAM, "bench-ingestion", Instant.ofEpochMilli(now));
		deliver(List.of(WireFormat.writeMessage(EventBatch.progress(marker))), now);
	}

	/** Stops the window stage: last checkpoints, leases released. */
	void stop() {
		this.window.lifecycle().stop();
	}

	/** What the result messages sent hold: per window the latest revision's views, summed. */
	Counted counted() {
		long views = 0;
		long notFinal = 0;
		Collection<WindowResult> latest = latestResults();
		for (WindowResult result : latest) {
			views += ((Number) result.metrics().get("views")).longValue();
			notFinal += result.isFinal() ? 0 : 1;
		}
		return new Counted(latest.size(), views, notFinal, this.broker.results().size());
	}

	/** The latest revision of each window's result among the result messages sent. */
	Collection<WindowResult> latestResults() {
		Map<String, WindowResult> latest = new HashMap<>();
		for (byte[] message : this.broker.results()) {
			for (WindowResult result : WireFormat.read(message, ResultBatch.class).results()) {
				latest.merge(result.key() + "@" + result.windowStart().toEpochMilli(), result,
						(a, b) -> (b.revision() > a.revision()) ? b : a);
			}
		}
		return latest.values();
	}

	/**
	 * The state the window stage holds, summed over partitions, as its gauges report it (sizes are
	 * taken with a checkpoint, at most every few seconds of the clock).
	 */
	HeldState heldState() {
		return new HeldState(gaugeSum("tributary.state.windows"), gaugeSum("tributary.state.ids"));
	}

	private long gaugeSum(String name) {
		return (long) this.meters.find(name).gauges().stream().mapToDouble(Gauge::value).filter(Double::isFinite).sum();
	}

	/** Forgets the result messages sent so far (a long run keeps none of them). @return how many there were */
	long dropResults() {
		int count = this.broker.results().size();
		this.broker.results().clear();
		return count;
	}

	/** What crossed the boundaries, in bytes. */
	Traffic traffic() {
		return new Traffic(this.broker.keyedBytes(), this.broker.resultBytes(), this.redis.scriptCalls(),
				this.redis.scriptBytes());
	}

	/** @param windows result windows; {@code views} the sum of their counts; {@code notFinal} how many lack a final result */
	record Counted(long windows, long views, long notFinal, long resultMessages) {
	}

	/** @param windows (key, window) pairs held, open or within allowed lateness; {@code heldIds} event ids held for dedup */
	record HeldState(long windows, long heldIds) {
	}

	record Traffic(long keyedBytes, long resultBytes, long scriptCalls, long scriptBytes) {
	}

	/** Wall-clock time as the stages see it: ingestion's acceptance time of the latest delivery. */
	private static final class EventClock extends Clock {

		private volatile long millis = YsbEvents.BASE_TIME;

		void set(long millis) {
			this.millis = millis;
		}

		@Override
		public long millis() {
			return this.millis;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(this.millis);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException("UTC only");
		}

	}

}
