package io.tributary.ingestion.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;

/**
 * Turns a request or message body for a stream into the {@link EventBatch} to forward, all or
 * nothing: either every event is valid and gets its id, event time and ingestId, or an
 * {@link IntakeException} says what is wrong, event by event. HTTP and broker input share it, so the
 * two paths accept and reject exactly the same events.
 */
public final class EventIntake {

	private final StreamCatalog catalog;

	private final EventReader reader;

	private final int maxReportedErrors;

	private final Clock clock;

	public EventIntake(StreamCatalog catalog, ReadLimits limits, int maxReportedErrors, Clock clock) {
		this.catalog = catalog;
		this.reader = new EventReader(limits);
		this.maxReportedErrors = maxReportedErrors;
		this.clock = clock;
	}

	/** Checks that the stream is declared, before the body is read at all. */
	public void requireStream(String stream) {
		this.catalog.rules(stream);
	}

	/**
	 * The batch of the body's events.
	 * @throws UnknownStreamException when the stream is not declared
	 * @throws TooManyEventsException when the body holds more events than allowed
	 * @throws LimitExceededException when the body breaks another of the read limits
	 * @throws InvalidRequestException when the body is malformed or any event is invalid
	 */
	public EventBatch accept(String stream, byte[] body, BodyFormat format, IdSource ids) {
		StreamRules rules = this.catalog.rules(stream);
		List<EventReader.RawEvent> raw = this.reader.read(body, format);
		// Millisecond precision: the wire format and Redis scores carry milliseconds.
		Instant ingestTime = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		List<Event> events = new ArrayList<>(raw.size());
		List<EventError> errors = new ArrayList<>();
		List<String> problems = new ArrayList<>(4);
		int invalid = 0;
		for (EventReader.RawEvent r : raw) {
			problems.clear();
			Event event = rules.toEvent(r.node(), r.json(), r.index(), ids, ingestTime, problems);
			if (event != null) {
				events.add(event);
				continue;
			}
			invalid++;
			for (String problem : problems) {
				if (errors.size() < this.maxReportedErrors) {
					errors.add(new EventError(r.index(), r.line(), problem));
				}
			}
		}
		if (invalid > 0) {
			throw InvalidRequestException.invalidEvents(errors, invalid, raw.size());
		}
		return new EventBatch(events);
	}

}
