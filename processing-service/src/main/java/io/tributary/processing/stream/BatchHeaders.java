package io.tributary.processing.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.amqp.inbound.AmqpInboundChannelAdapter;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The headers of each message of a batch delivery, in delivery order: the RabbitMQ binder lists them
 * under {@code amqp_batchedHeaders}, the Kafka binder under {@code kafka_batchConvertedHeaders}.
 */
final class BatchHeaders {

	private BatchHeaders() {
	}

	/**
	 * One header's text in each of the batch's {@code size} messages: null where a message does not
	 * have it (or the binder listed no headers); a Kafka header sent as bytes is read as UTF-8.
	 */
	static List<@Nullable String> text(Message<?> batch, String header, int size) {
		List<?> perMessage = perMessage(batch);
		List<@Nullable String> values = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			Object value = (perMessage != null && i < perMessage.size() && perMessage.get(i) instanceof Map<?, ?> headers)
					? headers.get(header) : null;
			values.add(switch (value) {
				case String s -> s;
				case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
				case null, default -> null;
			});
		}
		return values;
	}

	/** As many nulls as there are messages: a batch without headers. */
	static List<@Nullable String> none(int size) {
		return Collections.nCopies(size, null);
	}

	private static @Nullable List<?> perMessage(Message<?> batch) {
		for (String name : new String[] { AmqpInboundChannelAdapter.CONSOLIDATED_HEADERS,
				KafkaHeaders.BATCH_CONVERTED_HEADERS }) {
			if (batch.getHeaders().get(name) instanceof List<?> list) {
				return list;
			}
		}
		return null;
	}

}
