package io.tributary.support.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/** Ready messages per queue, from a passive queue declaration (RabbitAdmin's queue information). */
final class RabbitQueueDepths implements QueueDepths.DepthSource {

	private final RabbitAdmin admin;

	RabbitQueueDepths(ConnectionFactory connectionFactory) {
		this.admin = new RabbitAdmin(connectionFactory);
		// an admin used only to read must not declare the application's queues itself
		this.admin.setAutoStartup(false);
	}

	@Override
	public Map<String, Long> depths(List<InputQueue> queues) {
		Map<String, Long> depths = new HashMap<>();
		for (InputQueue queue : queues) {
			QueueInformation info = this.admin.getQueueInfo(queue.queue());
			if (info != null) {
				depths.put(queue.queue(), (long) info.getMessageCount());
			}
		}
		return depths;
	}

}
