package io.tributary.processing.stream;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.tributary.contract.Event;

/**
 * The events of the {@code clicks} stream that the test pipelines read, as ingestion accepts them:
 * event times as offsets from {@link #t0}, retries with a new ingest id, published through a
 * {@link ProcessingTestBed}.
 */
final class Clicks {

	/** Start of the tests' first window: a whole 10 s, a minute in the past. */
	final Instant t0 = Instant.ofEpochMilli((System.currentTimeMillis() / 10_000) * 10_000 - 60_000);

	private final ProcessingTestBed bed;

	Clicks(ProcessingTestBed bed) {
		this.bed = bed;
	}

	/** An event of {@code user} at {@code t0 + offsetMillis}, with ingest id {@code "ingest-" + id}. */
	Event event(String id, String user, String kind, long offsetMillis, long amount) {
		Instant time = this.t0.plusMillis(offsetMillis);
		return new Event(id, "ingest-" + id, "clicks", time, Instant.now(),
				Map.of("id", id, "user", user, "kind", kind, "ts", time.toString(), "amount", amount));
	}

	/** A client's retry of {@code e}: the same event id, a new ingest id. */
	static Event retry(Event e) {
		return new Event(e.id(), UUID.randomUUID().toString(), e.stream(), e.eventTime(), Instant.now(), e.data());
	}

	/** Publishes the events in one batch, as ingestion does. */
	void publish(Event... events) {
		this.bed.publish("clicks", events);
	}

}
