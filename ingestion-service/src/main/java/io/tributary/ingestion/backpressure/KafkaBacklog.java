package io.tributary.ingestion.backpressure;

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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

/**
 * Records not yet consumed downstream of ingestion on Kafka: for each watched topic, its end offsets
 * minus its consumer group's committed offsets (the whole partition while the group committed
 * nothing there), as {@code tributary_queue_depth} reads them. A topic that does not exist yet holds
 * nothing.
 */
final class KafkaBacklog implements BacklogSource {

	/** A topic and the group that consumes it. */
	record Consumed(String topic, String group) {
	}

	private final Admin admin;

	private final List<Consumed> watched;

	private final Duration timeout;

	KafkaBacklog(Admin admin, List<Consumed> watched, Duration timeout) {
		this.admin = admin;
		this.watched = List.copyOf(watched);
		this.timeout = timeout;
	}

	@Override
	public long waitingMessages() {
		try {
			Map<String, KafkaFuture<TopicDescription>> topics = this.admin
				.describeTopics(this.watched.stream().map(Consumed::topic).toList())
				.topicNameValues();
			long waiting = 0;
			for (Consumed consumed : this.watched) {
				TopicDescription topic = describedOrNull(topics.get(consumed.topic()));
				if (topic != null) {
					waiting += lag(consumed, topic);
				}
			}
			return waiting;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while asking Kafka", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer: " + ex.getMessage(), ex);
		}
	}

	private long lag(Consumed consumed, TopicDescription topic)
			throws InterruptedException, ExecutionException, TimeoutException {
		Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(consumed.group())
			.partitionsToOffsetAndMetadata()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
		topic.partitions().forEach((p) -> ends.put(new TopicPartition(consumed.topic(), p.partition()), OffsetSpec.latest()));
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

	/** The description, or null when the topic does not exist. */
	private @Nullable TopicDescription describedOrNull(KafkaFuture<TopicDescription> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return null;
			}
			throw new IllegalStateException("Kafka did not answer: " + ex.getMessage(), ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer in " + this.timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while asking Kafka", ex);
		}
	}

	@Override
	public String describe() {
		return String.join(", ", this.watched.stream().map((c) -> c.topic() + " (group " + c.group() + ")").toList());
	}

	@Override
	public void close() {
		this.admin.close(this.timeout);
	}

}
