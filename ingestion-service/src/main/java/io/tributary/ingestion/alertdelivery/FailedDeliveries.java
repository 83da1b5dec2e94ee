package io.tributary.ingestion.alertdelivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tributary.contract.AlertDeliveryFailure;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads the failure records a resend takes: the capped stream storage appends an
 * {@link AlertDeliveryFailure} to when a target did not take an alert revision within its attempts
 * ({@link RedisKeys#failedAlertDeliveries}). A record's id is its stream id, as query lists it.
 */
final class FailedDeliveries {

	/** What a stream id looks like: milliseconds, '-', a sequence number. */
	private static final Pattern STREAM_ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

	private final StreamOperations<String, String, String> streams;

	private final RedisKeys keys;

	FailedDeliveries(StringRedisTemplate redis, RedisKeys keys) {
		this.streams = redis.opsForStream();
		this.keys = keys;
	}

	/** Whether {@code id} has the form of a failure record's id. */
	static boolean isRecordId(String id) {
		return STREAM_ID.matcher(id).matches();
	}

	/** The failure record {@code id} (a well-formed id) of the pipeline; null when there is none. */
	@Nullable StoredFailure find(String pipeline, String id) {
		List<StoredFailure> found = stored(pipeline,
				this.streams.range(this.keys.failedAlertDeliveries(pipeline), Range.closed(id, id)));
		return found.isEmpty() ? null : found.get(0);
	}

	/** Up to {@code limit} failure records of the pipeline, oldest first. */
	List<StoredFailure> oldest(String pipeline, int limit) {
		return stored(pipeline, this.streams.range(this.keys.failedAlertDeliveries(pipeline), Range.<String>unbounded(),
				Limit.limit().count(limit)));
	}

	private static List<StoredFailure> stored(String pipeline, @Nullable List<MapRecord<String, String, String>> records) {
		List<StoredFailure> failures = new ArrayList<>();
		if (records == null) {
			return failures;
		}
		for (MapRecord<String, String, String> record : records) {
			Map<String, String> fields = record.getValue();
			String json = fields.get(RedisKeys.FEED_DATA_FIELD);
			String id = record.getId().getValue();
			if (json == null) {
				throw new IllegalStateException("failed delivery " + id + " of pipeline '" + pipeline + "' has no field '"
						+ RedisKeys.FEED_DATA_FIELD + "'");
			}
			failures.add(new StoredFailure(id, json, WireFormat.read(json, AlertDeliveryFailure.class)));
		}
		return failures;
	}

	/**
	 * A failure record as stored.
	 *
	 * @param id      its stream id
	 * @param data    its JSON as read (what a resend checks is still there, unchanged)
	 * @param failure the JSON read
	 */
	record StoredFailure(String id, String data, AlertDeliveryFailure failure) {
	}

}
