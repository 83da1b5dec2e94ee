package io.tributary.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a stream's event time has come: the route stage routed, in the delivery this travels with,
 * events of {@code stream} with event times up to {@code latest}. The route stage sends it to every
 * partition (behind that partition's events of the same delivery), so a partition's watermark trails
 * the largest event time seen in the whole stream, not only among the keys it holds: a window closes
 * when the stream's time passes it, however few of its keys' events the partition sees (see
 * docs/architecture.md, "Time").
 *
 * @param stream the stream
 * @param latest the largest event time among the stream's events of the delivery
 */
public record StreamTime(String stream, Instant latest) {

	public StreamTime {
		Objects.requireNonNull(stream, "stream");
		Objects.requireNonNull(latest, "latest");
	}

}
