package io.tributary.ingestion.backpressure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.support.metrics.KafkaGroupLag;
import org.apache.kafka.clients.admin.Admin;

/**
 * Records not yet consumed downstream of ingestion on Kafka: the watched topics' consumer-group lag
 * ({@link KafkaGroupLag}, as {@code tributary_queue_depth} reads it), summed. A topic that does not
 * exist yet holds nothing.
 */
final class KafkaBacklog implements BacklogSource {

	/** A topic and the group that consumes it. */
	record Consumed(String topic, String group) {
	}

	private final Admin admin;

	private final List<Consumed> watched;

	private final Duration timeout;

	private final KafkaGroupLag lag;

	KafkaBacklog(Admin admin, List<Consumed> watched, Duration timeout) {
		this.admin = admin;
		this.watched = List.copyOf(watched);
		this.timeout = timeout;
		this.lag = new KafkaGroupLag(admin, timeout);
	}

	@Override
	public long waitingMessages() {
		Map<String, String> groupByTopic = new LinkedHashMap<>();
		this.watched.forEach((consumed) -> groupByTopic.put(consumed.topic(), consumed.group()));
		return this.lag.of(groupByTopic).values().stream().mapToLong(Long::longValue).sum();
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
