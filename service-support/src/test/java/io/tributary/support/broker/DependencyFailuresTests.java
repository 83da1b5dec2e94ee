package io.tributary.support.broker;

import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure is a dependency's passing one by what its cause chain holds, as the binder and the
 * listener container wrap it, and one log line names the failure that says what failed.
 */
class DependencyFailuresTests {

	@Test
	void redisAndBrokerFailuresAreTransientHoweverTheyAreWrapped() {
		assertThat(DependencyFailures.isTransient(wrapped(new RedisConnectionFailureException("Redis down")))).isTrue();
		assertThat(DependencyFailures.isTransient(wrapped(new QueryTimeoutException("timed out")))).isTrue();
		assertThat(DependencyFailures.isTransient(wrapped(new RedisCommandTimeoutException("timed out")))).isTrue();
		assertThat(DependencyFailures.isTransient(wrapped(new UnconfirmedException("not confirmed")))).isTrue();
	}

	@Test
	void bugsAndRejectionsAreNot() {
		assertThat(DependencyFailures.isTransient(wrapped(new IllegalStateException("a bug")))).isFalse();
		assertThat(DependencyFailures.isTransient(wrapped(new AmqpRejectAndDontRequeueException("unreadable"))))
			.isFalse();
		assertThat(DependencyFailures.isTransient(null)).isFalse();
	}

	@Test
	void describesTheOutermostTransientFailure() {
		Exception store = new StoreFailure("Redis failed RESULT r:{views:a}: not connected",
				new RedisConnectionFailureException("not connected"));

		assertThat(DependencyFailures.describe(wrapped(store))).isEqualTo("Redis failed RESULT r:{views:a}: not connected");
		assertThat(DependencyFailures.describe(wrapped(new IllegalStateException("a bug")))).isEqualTo("a bug");
	}

	/** As a batch consumer's failure reaches the error channel and the container's error handler. */
	private static Throwable wrapped(Exception failure) {
		MessageHandlingException handling = new MessageHandlingException(MessageBuilder.withPayload("x").build(),
				"error occurred in message handler", failure);
		return new ListenerExecutionFailedException("Listener threw exception", handling);
	}

	private static final class StoreFailure extends RuntimeException implements TransientFailure {

		StoreFailure(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
