package io.tributary.support.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

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
		try {
			TopicDescription description;
			try {
				description = this.admin.describeTopics(List.of(topic))
					.allTopicNames()
					.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
					.get(topic);
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
					return 0;
				}
				throw ex;
			}
			Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
			description.partitions()
				.forEach((p) -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = this.admin.listOffsets(ends)
				.all()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			long lag = 0;
			for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : latest.entrySet()) {
				OffsetAndMetadata done = committed.get(end.getKey());
				lag += Math.max(0, end.getValue().offset() - ((done != null) ? done.offset() : 0));
			}
			return lag;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while asking Kafka", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer: " + ex.getMessage(), ex);
		}
	}

}
