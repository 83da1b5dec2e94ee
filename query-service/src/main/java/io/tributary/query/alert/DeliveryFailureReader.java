package io.tributary.query.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.contract.AlertDeliveryFailure;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.query.web.UnreadableRecordException;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a pipeline's failed alert deliveries: the capped stream storage appends a failure record to
 * when a target did not take an alert revision within its attempts. A record's id is its stream id.
 */
@Component
class DeliveryFailureReader {

	private final StreamOperations<String, String, String> streams;

	private final RedisKeys keys;

	DeliveryFailureReader(StringRedisTemplate redis, RedisKeys keys) {
		this.streams = redis.opsForStream();
		this.keys = keys;
	}

	/** Up to {@code limit} failure records of the pipeline, newest first. */
	List<StoredFailure> failures(String pipeline, int limit) {
		List<MapRecord<String, String, String>> records = this.streams
			.reverseRange(this.keys.failedAlertDeliveries(pipeline), Range.<String>unbounded(), Limit.limit().count(limit));
		List<StoredFailure> failures = new ArrayList<>();
		if (records == null) {
			return failures;
		}
		for (MapRecord<String, String, String> record : records) {
			Map<String, String> fields = record.getValue();
			String json = fields.get(RedisKeys.FEED_DATA_FIELD);
			String what = "The failed delivery " + record.getId() + " of pipeline '" + pipeline + "'";
			if (json == null) {
				throw new UnreadableRecordException(what, "no field '" + RedisKeys.FEED_DATA_FIELD + "'");
			}
			try {
				failures.add(new StoredFailure(record.getId().getValue(), WireFormat.read(json, AlertDeliveryFailure.class)));
			}
			catch (IllegalArgumentException ex) {
				throw new UnreadableRecordException(what, ex);
			}
		}
		return failures;
	}

	/**
	 * A failure record as stored.
	 *
	 * @param id      its stream id
	 * @param failure its JSON, read
	 */
	record StoredFailure(String id, AlertDeliveryFailure failure) {
	}

}
