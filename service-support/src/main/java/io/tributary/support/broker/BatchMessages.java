package io.tributary.support.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * The messages of a batch the binder delivered as one message (consumer {@code batch-mode}): their
 * bodies and each one's headers.
 */
public final class BatchMessages {

	/** Where the RabbitMQ binder puts each message's headers in batch mode. */
	public static final String RABBIT_BATCHED_HEADERS = "amqp_batchedHeaders";

	private BatchMessages() {
	}

	/** The bodies, in order. */
	public static List<byte[]> payloads(Message<?> message) {
		if (!(message.getPayload() instanceof List<?> list)) {
			throw new IllegalStateException("Expected a batch (consumer batch-mode), got a "
					+ message.getPayload().getClass().getName());
		}
		List<byte[]> payloads = new ArrayList<>(list.size());
		for (Object item : list) {
			if (!(item instanceof byte[] bytes)) {
				throw new IllegalStateException("Expected byte[] message bodies, got a " + item.getClass().getName());
			}
			payloads.add(bytes);
		}
		return payloads;
	}

	/**
	 * RabbitMQ: the binder's {@code amqp_batchedHeaders}. Kafka: the converted record headers plus
	 * each record's topic, partition and offset, which Kafka's batch conversion gives as lists. Empty
	 * when the batch carries neither.
	 */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> headers(Message<?> message) {
		MessageHeaders all = message.getHeaders();
		if (all.get(RABBIT_BATCHED_HEADERS) instanceof List<?> list) {
			return (List<Map<String, Object>>) list;
		}
		if (!(all.get(KafkaHeaders.OFFSET) instanceof List<?> offsets)) {
			return List.of();
		}
		List<?> converted = all.get(KafkaHeaders.BATCH_CONVERTED_HEADERS) instanceof List<?> l ? l : List.of();
		List<Map<String, Object>> result = new ArrayList<>(offsets.size());
		for (int i = 0; i < offsets.size(); i++) {
			Map<String, Object> headers = new HashMap<>();
			if (i < converted.size() && converted.get(i) instanceof Map<?, ?> map) {
				map.forEach((k, v) -> {
					if (k != null && v != null) {
						headers.put(k.toString(), v);
					}
				});
			}
			putAt(headers, KafkaHeaders.RECEIVED_TOPIC, all.get(KafkaHeaders.RECEIVED_TOPIC), i);
			putAt(headers, KafkaHeaders.RECEIVED_PARTITION, all.get(KafkaHeaders.RECEIVED_PARTITION), i);
			putAt(headers, KafkaHeaders.OFFSET, offsets, i);
			result.add(headers);
		}
		return result;
	}

	private static void putAt(Map<String, Object> headers, String name, Object values, int index) {
		if (values instanceof List<?> list && index < list.size() && list.get(index) != null) {
			headers.put(name, list.get(index));
		}
	}

}
