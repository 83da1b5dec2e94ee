package io.tributary.storage.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.contract.AlertDeliveryFailure;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis side of delivery: a pipeline's delivery jobs read in the consumer group (new ones, and
 * ones another deliverer took and left unfinished), finished jobs acknowledged and deleted, and
 * failure records appended to the pipeline's capped failure stream.
 */
final class DeliveryJobs {

	private final StringRedisTemplate redis;

	private final StreamOperations<String, String, String> streams;

	private final RedisKeys keys;

	private final String consumer;

	DeliveryJobs(StringRedisTemplate redis, RedisKeys keys, String consumer) {
		this.redis = redis;
		this.streams = redis.opsForStream();
		this.keys = keys;
		this.consumer = consumer;
	}

	/** Creates the consumer group (and the stream) unless it exists; from the start, so no job is missed. */
	void ensureGroup(String pipeline) {
		byte[] key = this.keys.alertDeliveries(pipeline).getBytes(StandardCharsets.UTF_8);
		try {
			this.redis.execute((RedisCallback<String>) (connection) -> connection
				.streamCommands()
				.xGroupCreate(key, RedisKeys.ALERT_DELIVERY_GROUP, ReadOffset.from("0"), true));
		}
		catch (RedisSystemException ex) {
			if (!String.valueOf(rootMessage(ex)).contains("BUSYGROUP")) {
				throw ex;
			}
		}
	}

	/** Up to {@code count} jobs of the pipeline no deliverer has taken yet, now this one's. */
	List<Job> readNew(String pipeline, int count) {
		List<MapRecord<String, String, String>> records = this.streams.read(
				Consumer.from(RedisKeys.ALERT_DELIVERY_GROUP, this.consumer), StreamReadOptions.empty().count(count),
				StreamOffset.create(this.keys.alertDeliveries(pipeline), ReadOffset.lastConsumed()));
		return jobs(pipeline, records);
	}

	/**
	 * Up to {@code count} jobs of the pipeline a deliverer took more than {@code idle} ago and has not
	 * finished (it stopped, or this one did before a restart), now this one's.
	 */
	List<Job> claimAbandoned(String pipeline, Duration idle, int count) {
		String key = this.keys.alertDeliveries(pipeline);
		PendingMessages pending = this.streams.pending(key, RedisKeys.ALERT_DELIVERY_GROUP, Range.unbounded(), count);
		List<RecordId> idleIds = new ArrayList<>();
		for (PendingMessage message : pending) {
			if (message.getElapsedTimeSinceLastDelivery().compareTo(idle) >= 0) {
				idleIds.add(message.getId());
			}
		}
		if (idleIds.isEmpty()) {
			return List.of();
		}
		List<MapRecord<String, String, String>> records = this.streams.claim(key, RedisKeys.ALERT_DELIVERY_GROUP,
				this.consumer, idle, idleIds.toArray(RecordId[]::new));
		return jobs(pipeline, records);
	}

	/** Acknowledges and deletes a job every target of which has it or has a failure record. */
	void finish(Job job) {
		String key = this.keys.alertDeliveries(job.pipeline());
		this.streams.acknowledge(key, RedisKeys.ALERT_DELIVERY_GROUP, job.id());
		this.streams.delete(key, job.id());
	}

	/** Keeps a failure record, the pipeline's newest {@link RedisKeys#FAILED_DELIVERIES_LENGTH} about. */
	void recordFailure(String pipeline, AlertDeliveryFailure failure) {
		this.streams.add(
				StreamRecords.newRecord()
					.in(this.keys.failedAlertDeliveries(pipeline))
					.ofMap(Map.of(RedisKeys.FEED_DATA_FIELD, WireFormat.writeString(failure))),
				XAddOptions.maxlen(RedisKeys.FAILED_DELIVERIES_LENGTH).approximateTrimming(true));
	}

	private static List<Job> jobs(String pipeline, List<MapRecord<String, String, String>> records) {
		List<Job> jobs = new ArrayList<>(records.size());
		for (MapRecord<String, String, String> record : records) {
			Map<String, String> fields = record.getValue();
			jobs.add(new Job(pipeline, record.getId(), fields.getOrDefault(RedisKeys.DELIVERY_ALERT_FIELD, ""),
					fields.getOrDefault(RedisKeys.DELIVERY_TARGETS_FIELD, "")));
		}
		return jobs;
	}

	private static String rootMessage(Throwable failure) {
		Throwable t = failure;
		StringBuilder messages = new StringBuilder();
		while (t != null) {
			messages.append(t.getMessage()).append(' ');
			t = t.getCause();
		}
		return messages.toString();
	}

	/**
	 * One delivery job as read.
	 *
	 * @param alertJson the alert revision, JSON
	 * @param targets   the target names, comma-separated
	 */
	record Job(String pipeline, RecordId id, String alertJson, String targets) {

		List<String> targetNames() {
			List<String> names = new ArrayList<>();
			for (String name : this.targets.split(",")) {
				if (!name.isBlank()) {
					names.add(name.strip());
				}
			}
			return names;
		}

	}

}
