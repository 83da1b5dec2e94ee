package io.tributary.query.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.tributary.contract.RedisKeys;
import io.tributary.testsupport.SharedRedisTemplate;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status read from the real Redis hash as processing and storage write it, with the lags worked
 * out by hand against a fixed clock.
 */
class PipelineStatusReaderIT {

	private static final Instant NOW = Instant.parse("2024-05-01T12:01:00Z");

	private final String ns = TestInfrastructure.newNamespace("status-it");

	private final RedisKeys keys = new RedisKeys(this.ns);

	private SharedRedisTemplate connection;

	private StringRedisTemplate redis;

	private PipelineStatusReader reader;

	@BeforeEach
	void connect() {
		this.connection = SharedRedisTemplate.connect(this.ns);
		this.redis = this.connection.redis();
		this.reader = new PipelineStatusReader(this.redis, this.keys, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	private static String millis(String instant) {
		return Long.toString(Instant.parse(instant).toEpochMilli());
	}

	@Test
	void showsEachPartitionsWatermarkAndLagBesideTheLowestAndTheFreshness() {
		String status = this.keys.pipelineStatus("views");
		// partition 10 raced ahead of the others: the lowest alone would hide it
		this.redis.opsForHash().put(status, "watermark:p10", millis("2024-05-01T12:00:58Z"));
		this.redis.opsForHash().put(status, "watermark:p2", millis("2024-05-01T11:58:00Z"));
		this.redis.opsForHash().put(status, "watermark:p0", millis("2024-05-01T12:00:30.500Z"));
		this.redis.opsForHash().put(status, "lastResultAt", millis("2024-05-01T12:00:59Z"));
		this.redis.opsForHash().put(status, "lastFinalWindowEnd", millis("2024-05-01T12:00:20Z"));
		this.redis.opsForHash().put(status, "freshnessMs", "3250");
		this.redis.opsForZSet().add(this.keys.pipelineKeys("views"), "a", 1);
		this.redis.opsForZSet().add(this.keys.pipelineKeys("views"), "b", 2);

		PipelineStatus read = this.reader.status("views");

		assertThat(read).isEqualTo(new PipelineStatus(Instant.parse("2024-05-01T11:58:00Z"),
				Instant.parse("2024-05-01T12:00:59Z"), 2, 180_000L,
				List.of(new PipelineStatus.PartitionWatermark(0, Instant.parse("2024-05-01T12:00:30.500Z"), 29_500),
						new PipelineStatus.PartitionWatermark(2, Instant.parse("2024-05-01T11:58:00Z"), 180_000),
						new PipelineStatus.PartitionWatermark(10, Instant.parse("2024-05-01T12:00:58Z"), 2_000)),
				Instant.parse("2024-05-01T12:00:20Z"), 3250L));
	}

	@Test
	void aPipelineNothingReportedForHasNoWatermarkLagOrFreshness() {
		assertThat(this.reader.status("quiet"))
			.isEqualTo(new PipelineStatus(null, null, 0, null, List.of(), null, null));
	}

}
