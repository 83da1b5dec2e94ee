package io.tributary.support.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

/** Consumer lag per topic and group ({@link KafkaGroupLag}), as queue depths. */
final class KafkaConsumerLag implements QueueDepths.DepthSource, AutoCloseable {

	private final Admin admin;

	private final Duration timeout;

	private final KafkaGroupLag lag;

	KafkaConsumerLag(Admin admin, Duration timeout) {
		this.admin = admin;
		this.timeout = timeout;
		this.lag = new KafkaGroupLag(admin, timeout);
	}

	@Override
	public Map<String, Long> depths(List<InputQueue> queues) {
		Map<String, Long> lags = new HashMap<>();
		for (InputQueue queue : queues) {
			lags.put(queue.queue(), this.lag.of(queue.destination(), queue.group()));
		}
		return lags;
	}

	@Override
	public void close() {
		this.admin.close(this.timeout);
	}

}
