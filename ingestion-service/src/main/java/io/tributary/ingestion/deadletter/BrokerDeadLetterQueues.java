package io.tributary.ingestion.deadletter;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The broker's dead-letter queues (ingest, results): looked at without taking messages, and redriven. */
interface BrokerDeadLetterQueues {

	/** The queues there are, by the name the API gives them. */
	List<String> names();

	/** The queue's (or topic's) name on the broker. */
	String destination(String name);

	/** How many messages the queue holds (0 when it does not exist yet). */
	long depth(String name);

	/** The first messages of the queue, oldest first, left where they are. */
	List<BrokerDeadLetter> peek(String name, int limit);

	/**
	 * Publishes the named messages (all, up to {@code limit}, when {@code ids} is null) where they
	 * were published before they were dead-lettered, each with confirms, and removes each from the
	 * queue only after the broker confirmed its republication.
	 * @throws DeadLettersNotFoundException when an id named is not among the first {@code limit}
	 *         messages; nothing was redriven
	 */
	RedriveReport redrive(String name, @Nullable List<String> ids, int limit);

}
