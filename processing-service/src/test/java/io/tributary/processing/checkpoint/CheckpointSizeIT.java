package io.tributary.processing.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.Counts;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.processing.window.Checkpoint;
import io.tributary.testsupport.SharedRedisTemplate;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The size a checkpoint write reports is the bytes Redis then holds for it, counted independently. */
class CheckpointSizeIT {

	private static final int P = 2;

	private final String ns = TestInfrastructure.newNamespace("ckpt-size-it");

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

	@Test
	void aCheckpointReportsTheBytesOfTheFieldsValuesAndOutboxItWrote() {
		PartitionLeases leases = new PartitionLeases(this.redis, this.keys, "me", Duration.ofSeconds(30));
		assertThat(leases.tryAcquire(P)).isTrue();
		RedisCheckpointStore store = new RedisCheckpointStore(this.redis, this.keys, leases);
		WindowResult result = new WindowResult("views", "München", Instant.parse("2026-03-01T10:00:00Z"),
				Instant.parse("2026-03-01T10:00:10Z"), true, 1, Map.of("n", 3L), new Counts(3, 0, 0));
		Checkpoint checkpoint = new Checkpoint(P, Map.of("views|München|w1", "{\"n\":3,\"€\":1}", "views|b|w1", "x"),
				Set.of(), Map.of("views", Map.of("e1", "i1", "é2", "i2")), Map.of(),
				Map.of("views", "{\"wm\":1}"), new ResultBatch(List.of(result), List.of(), List.of()));

		long reported = store.write(checkpoint);

		long stored = bytes(this.redis.<String, String>opsForHash().entries(this.keys.checkpointWindows(P)))
				+ bytes(this.redis.<String, String>opsForHash().entries(this.keys.checkpointDedup(P, "views")))
				+ bytes(this.redis.<String, String>opsForHash().entries(this.keys.checkpointMeta(P)))
				+ this.redis.opsForValue().get(this.keys.checkpointOutbox(P)).getBytes(StandardCharsets.UTF_8).length;
		assertThat(reported).isEqualTo(stored);
	}

	private static long bytes(Map<String, String> hash) {
		return hash.entrySet().stream()
			.mapToLong((e) -> e.getKey().getBytes(StandardCharsets.UTF_8).length
					+ e.getValue().getBytes(StandardCharsets.UTF_8).length)
			.sum();
	}

}
