package io.tributary.ingestion.deadletter;

import java.util.Collection;

/** A dead-letter queue name the API does not know. */
public final class UnknownDeadLetterQueueException extends RuntimeException {

	UnknownDeadLetterQueueException(String name, Collection<String> known) {
		super("Unknown dead-letter queue '" + name + "'; there are: " + known);
	}

}
