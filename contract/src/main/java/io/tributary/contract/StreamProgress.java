package io.tributary.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * A progress marker: the ingestion instance {@code source} says it will publish nothing more for
 * {@code stream} that it accepted before {@code until}. It travels the events' own path (the events
 * exchange, then every keyed partition), so it arrives behind the events it covers; the window stage
 * lets a quiet stream's watermark advance by the clock only as far as such markers vouch for (see
 * docs/architecture.md, "Time").
 *
 * @param stream the stream the marker speaks for
 * @param source the ingestion instance that sends it: unique per process
 * @param until  every batch the source still publishes for the stream was accepted at or after this
 */
public record StreamProgress(String stream, String source, Instant until) {

	public StreamProgress {
		Objects.requireNonNull(stream, "stream");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(until, "until");
	}

}
