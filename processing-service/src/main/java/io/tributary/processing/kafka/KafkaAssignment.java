package io.tributary.processing.kafka;

import java.util.Collection;
import java.util.List;

import io.tributary.processing.stream.WindowStage;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.KafkaListenerContainerCustomizer;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaConsumerProperties;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * On Kafka the consumer group decides which instance serves which partition of {@code <ns>.keyed}
 * (one Kafka partition per window-state partition), and the window stage follows: a partition
 * assigned to this instance is acquired (lease taken, state restored from its checkpoint, or waited
 * for while the previous owner still holds the lease), a partition revoked or lost is released (last
 * checkpoint, outbox published, lease given back). Kafka's callbacks run on the consumer thread
 * between deliveries, so a revocation never cuts a delivery in half; the partition lease still
 * fences an owner that Kafka gave up on but that has not noticed yet.
 * <p>
 * Installed on the {@code window-in-0} container only; it replaces the binder's rebalance listener
 * there because that one has no callback for lost partitions.
 */
final class KafkaAssignment implements KafkaListenerContainerCustomizer {

	static final String BINDING = "window-in-0";

	private static final Logger log = LoggerFactory.getLogger(KafkaAssignment.class);

	private final WindowStage windows;

	KafkaAssignment(WindowStage windows) {
		this.windows = windows;
	}

	@Override
	public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
			ExtendedConsumerProperties<KafkaConsumerProperties> properties) {
		if (BINDING.equals(properties.getBindingName())) {
			container.getContainerProperties().setConsumerRebalanceListener(new Listener());
		}
	}

	@Override
	public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group) {
		// only the variant with the binding name is used by the Kafka binder
	}

	private final class Listener implements ConsumerAwareRebalanceListener {

		@Override
		public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			List<Integer> numbers = numbers(partitions);
			for (int p : numbers) {
				KafkaAssignment.this.windows.acquire(p);
			}
			log.info("Kafka assigned partitions {}; this instance serves {} and holds the leases of {}", numbers,
					KafkaAssignment.this.windows.servedPartitions(), KafkaAssignment.this.windows.heldPartitions());
		}

		/** Before the container commits the offsets of what was delivered: that is all checkpointed already. */
		@Override
		public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			release(partitions, "revoked");
		}

		@Override
		public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			release(partitions, "lost");
		}

		private void release(Collection<TopicPartition> partitions, String how) {
			List<Integer> numbers = numbers(partitions);
			for (int p : numbers) {
				KafkaAssignment.this.windows.release(p);
			}
			if (!numbers.isEmpty()) {
				log.info("Kafka {} partitions {}; this instance serves {}", how, numbers,
						KafkaAssignment.this.windows.servedPartitions());
			}
		}

		private static List<Integer> numbers(Collection<TopicPartition> partitions) {
			return partitions.stream().map(TopicPartition::partition).sorted().toList();
		}

	}

}
