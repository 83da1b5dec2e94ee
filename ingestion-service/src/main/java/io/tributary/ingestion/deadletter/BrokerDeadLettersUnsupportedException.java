package io.tributary.ingestion.deadletter;

/** The binder in use has no broker dead-letter access (yet). */
public final class BrokerDeadLettersUnsupportedException extends RuntimeException {

	BrokerDeadLettersUnsupportedException(String message) {
		super(message);
	}

}
