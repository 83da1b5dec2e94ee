package io.tributary.query.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tributary.contract.AlertDeliveryFailure;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.query.web.UnreadableRecordException;
import org.jspecify.annotations.Nullable;

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

	/** What a stream id looks like: milliseconds, '-', a sequence number. */
	private static final Pattern STREAM_ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

	private final StreamOperations<String, String, String> streams;

	private final RedisKeys keys;

	DeliveryFailureReader(StringRedisTemplate redis, RedisKeys keys) {
		this.streams = redis.opsForStream();
		this.keys = keys;
	}

	/** Whether {@code id} has the form of a failure record's id. */
	static boolean isRecordId(String id) {
		return STREAM_ID.matcher(id).matches();
	}

	/** Up to {@code limit} failure records of the pipeline, newest first. */
	List<StoredFailure> failures(String pipeline, int limit) {
		return stored(pipeline, this.streams.reverseRange(this.keys.failedAlertDeliveries(pipeline),
				Range.<String>unbounded(), Limit.limit().count(limit)));
	}

	/** Up to {@code limit} failure records of the pipeline, oldest first. */
	List<StoredFailure> oldestFailures(String pipeline, int limit) {
		return stored(pipeline, this.streams.range(this.keys.failedAlertDeliveries(pipeline),
				Range.<String>unbounded(), Limit.limit().count(limit)));
	}

	/** The failure record {@code id} of the pipeline; null when there is none (a well-formed id). */
	@Nullable StoredFailure failure(String pipeline, String id) {
		List<StoredFailure> found = stored(pipeline, this.streams.range(this.keys.failedAlertDeliveries(pipeline),
				Range.closed(id, id)));
		return found.isEmpty() ? null : found.get(0);
	}

	private static List<StoredFailure> stored(String pipeline, @Nullable List<MapRecord<String, String, String>> records) {
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
				failures.add(new StoredFailure(record.getId().getValue(), json,
						WireFormat.read(json, AlertDeliveryFailure.class)));
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
	 * @param data    its JSON as read (what a resend checks is still there)
	 * @param failure the JSON read
	 */
	record StoredFailure(String id, String data, AlertDeliveryFailure failure) {
	}

}
