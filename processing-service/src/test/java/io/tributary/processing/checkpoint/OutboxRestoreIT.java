package io.tributary.processing.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.StreamTime;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;
import io.tributary.processing.window.Checkpoint;
import io.tributary.processing.window.PartitionProcessor;
import io.tributary.testsupport.SharedRedisTemplate;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window that fires writes its sketches once per checkpoint: its state holds them and its result in
 * the outbox names the state's field. After a crash before the publish, a new owner reads back from
 * Redis the same results as the whole outbox written as JSON would have given.
 */
class OutboxRestoreIT {

	private static final int P = 5;

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private final String ns = TestInfrastructure.newNamespace("outbox-it");

	private final RedisKeys keys = new RedisKeys(this.ns);

	private SharedRedisTemplate connection;

	private StringRedisTemplate redis;

	@BeforeEach
	void connect() {
		this.connection = SharedRedisTemplate.connect(this.ns);
		this.redis = this.connection.redis();
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	private static PipelineDefinition sketches() {
		List<AggregateSpec> aggregates = List.of(new AggregateSpec("n", "count", null, List.of(), "t"),
				new AggregateSpec("users", "distinct", "user", List.of(), "t"),
				new AggregateSpec("p99", "quantile", "latency", List.of(0.99), "t"));
		return new PipelineDefinition("views", "s", null, List.of(), new Expression("k", "t"),
				new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10), null, null, Duration.ofSeconds(5)),
				new WatermarkSpec(Duration.ofSeconds(2), Duration.ofSeconds(10)), aggregates, new EmitSpec(null, true),
				Duration.ofDays(7));
	}

	@Test
	void theResultsOfAFiredWindowReadBackWithTheirStatesFromTheWindowsTheCheckpointWrote() {
		PartitionLeases leases = new PartitionLeases(this.redis, this.keys, "me", Duration.ofSeconds(30));
		assertThat(leases.tryAcquire(P)).isTrue();
		RedisCheckpointStore store = new RedisCheckpointStore(this.redis, this.keys, leases);
		PartitionProcessor processor = new PartitionProcessor(P, List.of(sketches()));
		for (int i = 0; i < 2_000; i++) {
			Map<String, Object> values = new HashMap<>();
			values.put("user", "user-" + i);
			values.put("latency", 10L + i % 700);
			processor.process(new KeyedEvent("views", (i % 2 == 0) ? "a" : "b", "e" + i, "i" + i,
					T0.plusMillis(i * 4L), values), NOW);
		}
		store.write(processor.checkpoint());
		processor.streamTime(new StreamTime("s", T0.plusMillis(12_500)), NOW.plusSeconds(1));
		Checkpoint fired = processor.checkpoint();
		assertThat(fired.outbox().results()).hasSize(2).allMatch(WindowResult::isFinal);

		long bytes = store.write(fired);

		String stored = this.redis.opsForValue().get(this.keys.checkpointOutbox(P));
		String whole = WireFormat.writeString(fired.outbox());
		assertThat(stored).doesNotContain((String) fired.outbox().results().get(0).state().get("users"))
			.hasSizeLessThan(whole.length() / 4);
		assertThat(bytes).isLessThan(2L * whole.length());
		// a new owner after a crash before the publish
		PartitionLeases next = new PartitionLeases(this.redis, this.keys, "next", Duration.ofSeconds(30));
		leases.release(P);
		assertThat(next.tryAcquire(P)).isTrue();
		RedisCheckpointStore nextStore = new RedisCheckpointStore(this.redis, this.keys, next);
		ResultBatch outbox = nextStore.loadOutbox(P, nextStore.load(P, List.of("views")));
		assertThat(outbox).isEqualTo(WireFormat.read(whole, ResultBatch.class));
		assertThat(outbox.results().get(0).state()).containsKeys("n", "users", "p99");
	}

}
