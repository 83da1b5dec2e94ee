package io.tributary.storage.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tributary.contract.RedisKeys;
import io.tributary.testsupport.SharedRedisTemplate;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery jobs' consumer group on the tests' Redis: consumers left by earlier starts are
 * forgotten once idle and holding nothing; one holding a job, one that read recently, and the
 * deliverer itself stay.
 */
class DeliveryJobsIT {

	private static final String PIPELINE = "p";

	@Test
	void forgetsIdleConsumersThatHoldNoJob() throws InterruptedException {
		String namespace = TestInfrastructure.newNamespace("delivery-jobs-it");
		try (SharedRedisTemplate shared = SharedRedisTemplate.connect(namespace)) {
			StringRedisTemplate redis = shared.redis();
			RedisKeys keys = new RedisKeys(namespace);
			String stream = keys.alertDeliveries(PIPELINE);
			DeliveryJobs jobs = new DeliveryJobs(redis, keys, "storage-now");
			jobs.ensureGroup(PIPELINE);
			take(redis, stream, "storage-old-idle", true); // took a job and finished it
			take(redis, stream, "storage-old-holding", false); // took a job and never finished it
			assertThat(jobs.readNew(PIPELINE, 10)).isEmpty(); // the deliverer itself
			Thread.sleep(400);
			take(redis, stream, "storage-live", true); // reads every poll: never idle for long

			int removed = jobs.forgetIdleConsumers(PIPELINE, Duration.ofMillis(300));

			assertThat(removed).isEqualTo(1);
			assertThat(consumers(redis, stream)).contains("storage-old-holding", "storage-live")
				.doesNotContain("storage-old-idle");
			// the job the forgotten consumers' neighbour holds is still there to be claimed
			assertThat(jobs.claimAbandoned(PIPELINE, Duration.ofMillis(300), 10)).hasSize(1);
		}
	}

	/** A job added, then read by {@code consumer}, and acknowledged when {@code finish}. */
	private static void take(StringRedisTemplate redis, String stream, String consumer, boolean finish) {
		redis.opsForStream().add(StreamRecords.newRecord().in(stream).ofMap(Map.of("alert", "{}", "targets", "t")));
		List<MapRecord<String, Object, Object>> taken = redis.opsForStream()
			.read(Consumer.from(RedisKeys.ALERT_DELIVERY_GROUP, consumer), StreamReadOptions.empty().count(10),
					StreamOffset.create(stream, ReadOffset.lastConsumed()));
		assertThat(taken).hasSize(1);
		if (finish) {
			redis.opsForStream().acknowledge(stream, RedisKeys.ALERT_DELIVERY_GROUP, taken.get(0).getId());
		}
	}

	private static List<String> consumers(StringRedisTemplate redis, String stream) {
		return redis.opsForStream()
			.consumers(stream, RedisKeys.ALERT_DELIVERY_GROUP)
			.stream()
			.map(StreamInfo.XInfoConsumer::consumerName)
			.toList();
	}

}
