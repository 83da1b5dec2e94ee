package io.tributary.support.broker;

import org.springframework.amqp.rabbit.listener.ConditionalRejectingErrorHandler;

/**
 * The RabbitMQ listener containers' error handler: rejects as Spring AMQP's default does, but does not
 * log again (with a stack trace) a dependency's passing failure, which {@link ListenerFailureLog}
 * already reported from the binding's error channel.
 */
final class QuietRejectingErrorHandler extends ConditionalRejectingErrorHandler {

	@Override
	protected void log(Throwable failure) {
		if (!DependencyFailures.isTransient(failure)) {
			super.log(failure);
		}
	}

}
