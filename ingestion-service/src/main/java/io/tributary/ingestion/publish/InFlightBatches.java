package io.tributary.ingestion.publish;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * The event batches this instance is publishing and the broker has not confirmed yet, per stream,
 * with the time they were accepted: what a progress marker must not vouch past. A batch whose
 * publish fails is no longer in flight (the client got no 202, so its retry is a new acceptance).
 */
@Component
public final class InFlightBatches {

	/** One batch being published: its stream and its place in that stream's map. */
	public record Ticket(String stream, long sequence) {
	}

	private final AtomicLong sequence = new AtomicLong();

	/** Per stream: sequence -> epoch millis the batch was accepted at. */
	private final Map<String, ConcurrentSkipListMap<Long, Long>> byStream = new ConcurrentHashMap<>();

	/** A batch of {@code stream} accepted at {@code accepted} is being published. */
	public Ticket begin(String stream, Instant accepted) {
		long seq = this.sequence.incrementAndGet();
		this.byStream.computeIfAbsent(stream, (s) -> new ConcurrentSkipListMap<>()).put(seq, accepted.toEpochMilli());
		return new Ticket(stream, seq);
	}

	/** The batch was confirmed, or its publish failed. */
	public void end(Ticket ticket) {
		ConcurrentSkipListMap<Long, Long> batches = this.byStream.get(ticket.stream());
		if (batches != null) {
			batches.remove(ticket.sequence());
		}
	}

	/**
	 * What this instance can vouch for about {@code stream} at {@code now}: every batch it will still
	 * publish was accepted at or after the returned time (the earliest batch in flight, else now).
	 * Read {@code now} before calling, so that a batch begun meanwhile cannot be missed.
	 */
	public Instant quietUntil(String stream, Instant now) {
		ConcurrentSkipListMap<Long, Long> batches = this.byStream.get(stream);
		long until = now.toEpochMilli();
		if (batches != null) {
			for (long accepted : batches.values()) {
				until = Math.min(until, accepted);
			}
		}
		return Instant.ofEpochMilli(until);
	}

}
