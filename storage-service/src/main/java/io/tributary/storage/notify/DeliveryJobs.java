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
import org.springframework.data.redis.core.script.RedisScript;

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

	/**
	 * Deletes the group's consumers (other than ARGV[2]) with no pending job and idle for at least
	 * ARGV[3] ms, in one step, so none can take a job between the look and the delete.
	 */
	private static final RedisScript<Long> FORGET_IDLE_CONSUMERS = RedisScript.of("""
			local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
			if not ok then return 0 end
			local removed = 0
			for _, consumer in ipairs(consumers) do
			  local fields = {}
			  for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
			  if fields['name'] ~= ARGV[2] and fields['pending'] == 0 and fields['idle'] >= tonumber(ARGV[3]) then
			    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
			    removed = removed + 1
			  end
			end
			return removed
			""", Long.class);

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

	/**
	 * Removes from the pipeline's group the consumers (deliverers of earlier starts) that hold no
	 * job and have not read for {@code idle}; a running deliverer reads every poll, so it is never
	 * that idle, and one that reads again is added back by Redis. Without this every start would
	 * leave a consumer behind for good.
	 * @return how many were removed
	 */
	int forgetIdleConsumers(String pipeline, Duration idle) {
		Long removed = this.redis.execute(FORGET_IDLE_CONSUMERS, List.of(this.keys.alertDeliveries(pipeline)),
				RedisKeys.ALERT_DELIVERY_GROUP, this.consumer, Long.toString(idle.toMillis()));
		return (removed != null) ? removed.intValue() : 0;
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
