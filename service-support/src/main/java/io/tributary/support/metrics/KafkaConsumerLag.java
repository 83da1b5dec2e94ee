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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag per topic and group: the end offset of each of the topic's partitions minus the
 * group's committed offset there (the whole partition when the group committed nothing yet).
 */
final class KafkaConsumerLag implements QueueDepths.DepthSource, AutoCloseable {

	private final Admin admin;

	private final Duration timeout;

	KafkaConsumerLag(Admin admin, Duration timeout) {
		this.admin = admin;
		this.timeout = timeout;
	}

	@Override
	public Map<String, Long> depths(List<InputQueue> queues) {
		Map<String, Long> lags = new HashMap<>();
		try {
			for (InputQueue queue : queues) {
				Map<TopicPartition, OffsetAndMetadata> committed = this.admin
					.listConsumerGroupOffsets(queue.group())
					.partitionsToOffsetAndMetadata()
					.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
				Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
				this.admin.describeTopics(List.of(queue.destination()))
					.allTopicNames()
					.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
					.get(queue.destination())
					.partitions()
					.forEach((p) -> ends.put(new TopicPartition(queue.destination(), p.partition()), OffsetSpec.latest()));
				Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = this.admin.listOffsets(ends)
					.all()
					.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
				long lag = 0;
				for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : latest.entrySet()) {
					OffsetAndMetadata done = committed.get(end.getKey());
					lag += Math.max(0, end.getValue().offset() - ((done != null) ? done.offset() : 0));
				}
				lags.put(queue.queue(), lag);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer: " + ex.getMessage(), ex);
		}
		return lags;
	}

	@Override
	public void close() {
		this.admin.close(this.timeout);
	}

}
