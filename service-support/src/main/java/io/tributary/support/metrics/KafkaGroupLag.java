package io.tributary.support.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

/**
 * A consumer group's lag on a topic, read with the admin client: the end offset of each of the
 * topic's partitions minus the group's committed offset there (the whole partition while the group
 * committed nothing there). A topic that does not exist yet holds nothing. Both the queue-depth
 * metric and ingestion's backlog limit read it.
 */
public final class KafkaGroupLag {

	private final Admin admin;

	private final Duration timeout;

	public KafkaGroupLag(Admin admin, Duration timeout) {
		this.admin = admin;
		this.timeout = timeout;
	}

	/**
	 * Records of {@code topic} that {@code group} has not committed.
	 * @throws IllegalStateException when Kafka does not answer within the timeout
	 */
	public long of(String topic, String group) {
		return of(Map.of(topic, group)).get(topic);
	}

	/**
	 * For each topic, the records its group (the map's value) has not committed: one description of
	 * all the topics and one end-offset query for all their partitions, then the groups' commits.
	 * @throws IllegalStateException when Kafka does not answer within the timeout
	 */
	public Map<String, Long> of(Map<String, String> groupByTopic) {
		try {
			Map<String, KafkaFuture<TopicDescription>> described = this.admin.describeTopics(groupByTopic.keySet())
				.topicNameValues();
			Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
			for (String topic : groupByTopic.keySet()) {
				TopicDescription description = describedOrNull(described.get(topic));
				if (description != null) {
					description.partitions()
						.forEach((p) -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
				}
			}
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = ends.isEmpty() ? Map.of()
					: this.admin.listOffsets(ends).all().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			Map<String, Long> lags = new LinkedHashMap<>();
			for (Map.Entry<String, String> consumed : groupByTopic.entrySet()) {
				lags.put(consumed.getKey(), lag(consumed.getKey(), consumed.getValue(), latest));
			}
			return lags;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while asking Kafka", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer: " + ex.getMessage(), ex);
		}
	}

	private long lag(String topic, String group, Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest)
			throws InterruptedException, ExecutionException, TimeoutException {
		if (latest.keySet().stream().noneMatch((p) -> p.topic().equals(topic))) {
			return 0;
		}
		Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		long lag = 0;
		for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : latest.entrySet()) {
			if (end.getKey().topic().equals(topic)) {
				OffsetAndMetadata done = committed.get(end.getKey());
				lag += Math.max(0, end.getValue().offset() - ((done != null) ? done.offset() : 0));
			}
		}
		return lag;
	}

	/** The description, or null when the topic does not exist (yet). */
	private @Nullable TopicDescription describedOrNull(KafkaFuture<TopicDescription> future)
			throws InterruptedException, ExecutionException, TimeoutException {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return null;
			}
			throw ex;
		}
	}

}
