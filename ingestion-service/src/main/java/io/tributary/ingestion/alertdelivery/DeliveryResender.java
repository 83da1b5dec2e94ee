package io.tributary.ingestion.alertdelivery;

import java.util.List;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.ingestion.alertdelivery.FailedDeliveries.StoredFailure;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Turns a failure record back into a delivery job: in one script ({@link RedisKeys#RESEND_DELIVERY_SCRIPT}),
 * a job for the record's target alone with the alert revision it holds is appended to the pipeline's
 * delivery jobs and the record is deleted, only if the record is still there as read. Storage's
 * deliverers then send it as any job, with the same idempotency key. Both streams share the
 * pipeline's hash tag, so this is one step on a Redis Cluster too; it races neither storage (which
 * only appends to them and deletes its own entries) nor another resend.
 */
final class DeliveryResender {

	private static final RedisScript<String> RESEND = RedisScript
		.of(new ClassPathResource(RedisKeys.RESEND_DELIVERY_SCRIPT), String.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	DeliveryResender(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/**
	 * Resends the failure record's revision to its target.
	 * @return whether it was resent: false when the record is gone (resent already, or trimmed)
	 */
	boolean resend(String pipeline, StoredFailure stored) {
		String job = this.redis.execute(RESEND,
				List.of(this.keys.failedAlertDeliveries(pipeline), this.keys.alertDeliveries(pipeline)), stored.id(),
				stored.data(), WireFormat.writeString(stored.failure().alert()), stored.failure().target(),
				Integer.toString(RedisKeys.ALERT_DELIVERIES_LENGTH), RedisKeys.FEED_DATA_FIELD,
				RedisKeys.DELIVERY_ALERT_FIELD, RedisKeys.DELIVERY_TARGETS_FIELD);
		return job != null;
	}

}
