package io.tributary.support.broker;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Tells a dependency's passing failure (Redis or the broker unavailable, timed out, a publish not
 * confirmed) from the rest, by the exceptions in a failure's cause chain: a {@link TransientFailure},
 * or one of the client libraries' exceptions for an unavailable or slow server. Matches by class
 * name, so none of those libraries has to be on the class path.
 */
public final class DependencyFailures {

	/** Spring's and the clients' types (and their subtypes) of a failure a later attempt may not meet. */
	private static final Set<String> TRANSIENT = Set.of("org.springframework.dao.DataAccessException",
			"io.lettuce.core.RedisException", "org.springframework.amqp.AmqpConnectException",
			"org.springframework.amqp.AmqpIOException", "org.springframework.amqp.AmqpTimeoutException",
			"java.util.concurrent.TimeoutException",
			"java.net.ConnectException");

	private DependencyFailures() {
	}

	/** Whether the failure, or any of its causes, is a dependency's passing failure. */
	public static boolean isTransient(@Nullable Throwable failure) {
		return outermostTransient(failure) != null;
	}

	/**
	 * What one log line says of a failure: the message of the outermost transient exception in its
	 * cause chain (the one that names what failed), else of its innermost cause.
	 */
	public static String describe(Throwable failure) {
		Throwable named = outermostTransient(failure);
		if (named == null) {
			named = failure;
			while (named.getCause() != null && named.getCause() != named) {
				named = named.getCause();
			}
		}
		String message = named.getMessage();
		return (message != null) ? message : named.getClass().getSimpleName();
	}

	private static @Nullable Throwable outermostTransient(@Nullable Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof TransientFailure) {
				return t;
			}
			for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
				if (TRANSIENT.contains(type.getName())) {
					return t;
				}
			}
		}
		return null;
	}

}
