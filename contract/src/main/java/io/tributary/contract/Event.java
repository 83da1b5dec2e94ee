package io.tributary.contract;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One accepted event, as ingestion forwards it to processing.
 *
 * @param id          the event's identity: the stream's id-field, else a generated time-ordered UUID.
 *                    Two events with the same id in one stream are the same event (a retry).
 * @param ingestId    identity of this acceptance: differs between a client retry and the original,
 *                    equal across broker redeliveries, so processing can tell the two apart.
 * @param stream      the stream the event was posted to
 * @param eventTime   from the stream's time-field, else the ingestion time
 * @param ingestTime  when ingestion accepted it
 * @param data        the event body as the publisher sent it (a JSON object)
 * @param redrive     set on an event re-submitted from a dead letter: which pipeline takes it. Left out
 *                    of the JSON when null, so other events look as they did before it existed
 */
public record Event(String id, String ingestId, String stream, Instant eventTime, Instant ingestTime,
		Map<String, Object> data, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Redrive redrive) {

	public Event {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(ingestId, "ingestId");
		Objects.requireNonNull(stream, "stream");
		Objects.requireNonNull(eventTime, "eventTime");
		Objects.requireNonNull(ingestTime, "ingestTime");
		data = DataMaps.copy(data);
	}

	/** An event as accepted from a publisher (not a redrive). */
	public Event(String id, String ingestId, String stream, Instant eventTime, Instant ingestTime,
			Map<String, Object> data) {
		this(id, ingestId, stream, eventTime, ingestTime, data, null);
	}

}
