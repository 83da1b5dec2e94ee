package io.tributary.ingestion.backpressure;

import java.util.List;

import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Ready messages in the queues downstream of ingestion, from passive queue declarations (the same
 * read as the {@code tributary_queue_depth} gauge). A queue that does not exist yet (processing not
 * started) holds nothing.
 */
final class RabbitBacklog implements BacklogSource {

	private final RabbitAdmin admin;

	private final List<String> queues;

	RabbitBacklog(ConnectionFactory connectionFactory, List<String> queues) {
		this.admin = new RabbitAdmin(connectionFactory);
		// an admin used only to read must not declare the application's queues itself
		this.admin.setAutoStartup(false);
		this.queues = List.copyOf(queues);
	}

	@Override
	public long waitingMessages() {
		long waiting = 0;
		for (String queue : this.queues) {
			QueueInformation info = this.admin.getQueueInfo(queue);
			if (info != null) {
				waiting += info.getMessageCount();
			}
		}
		return waiting;
	}

	@Override
	public String describe() {
		return String.join(", ", this.queues);
	}

}
