package io.tributary.support.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.support.diagnostics.Causes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What a failed delivery means on Kafka, made the same as on RabbitMQ with {@code requeue-rejected}:
 * the input is delivered again, never skipped, never dead-lettered for a transient failure (Redis or
 * the broker unavailable). On a failure the consumer seeks each partition back to the first record
 * it did not finish, so the next poll returns them again, and nothing of the failed delivery is
 * committed. Unlike an in-memory retry loop this lets a rebalance happen in between: a partition
 * revoked meanwhile is simply read again by its new owner from the last committed offset.
 * <p>
 * The services pause before they throw (their own back-off), so this handler does not sleep. Bound
 * with {@code spring.cloud.stream.kafka.bindings.<binding>.consumer.common-error-handler-bean-name}.
 */
public final class RedeliveringErrorHandler implements CommonErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(RedeliveringErrorHandler.class);

	/** Seek, then let the container poll again. */
	@Override
	public boolean seeksAfterHandling() {
		return true;
	}

	/** Never commit the offsets of a delivery that failed. */
	@Override
	public boolean isAckAfterHandle() {
		return false;
	}

	@Override
	public void handleRemaining(Exception thrownException, List<ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer,
			MessageListenerContainer container) {
		seekBack(thrownException, records, consumer);
	}

	@Override
	public void handleBatch(Exception thrownException, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
			MessageListenerContainer container, Runnable invokeListener) {
		seekBack(thrownException, data, consumer);
	}

	@Override
	public void handleOtherException(Exception thrownException, Consumer<?, ?> consumer,
			MessageListenerContainer container, boolean batchListener) {
		log.warn("Kafka consumer error outside a delivery: {}", thrownException.getMessage());
	}

	/** The partitions and offsets the consumer is positioned at again. */
	static Map<TopicPartition, Long> firstOffsets(Iterable<? extends ConsumerRecord<?, ?>> records) {
		Map<TopicPartition, Long> first = new LinkedHashMap<>();
		for (ConsumerRecord<?, ?> r : records) {
			first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
		}
		return first;
	}

	private static void seekBack(Exception thrownException, Iterable<? extends ConsumerRecord<?, ?>> records,
			Consumer<?, ?> consumer) {
		Map<TopicPartition, Long> first = firstOffsets(records);
		Set<TopicPartition> assigned = consumer.assignment();
		first.forEach((partition, offset) -> {
			if (assigned.contains(partition)) {
				consumer.seek(partition, offset);
			}
		});
		log.warn("Delivery failed, it will be read again from {}: {}", first, Causes.rootMessage(thrownException));
	}

}
