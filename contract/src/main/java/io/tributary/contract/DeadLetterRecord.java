package io.tributary.contract;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An event that a pipeline could not process (its filter or key expression failed on the event's
 * data, a lookup had no entry for the event's key, ...), kept with the reason.
 *
 * @param pipeline   the pipeline that rejected it, or null when rejected before any pipeline
 * @param ingestId   the {@link Event#ingestId()} of the delivery that was rejected, from which a
 *                   redrive derives its own, so that redriving it twice is one delivery to processing;
 *                   null on records written before it was kept
 * @param ingestTime when ingestion accepted the event; null likewise
 * @param apiKey     the name (never the key) of the API key whose HTTP request published the event, or
 *                   null when it came from a broker publisher (or before records carried it)
 */
public record DeadLetterRecord(String stream, @Nullable String pipeline, String eventId, Instant eventTime,
		Instant recordedAt, String reason, Map<String, Object> data,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String ingestId,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant ingestTime,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String apiKey) {

	/** The pipeline part of the {@link #id()} of a dead letter of no pipeline. */
	public static final String NO_PIPELINE = "-";

	public DeadLetterRecord {
		data = DataMaps.copy(data);
	}

	/** A record without what a redrive needs of the rejected delivery. */
	public DeadLetterRecord(String stream, @Nullable String pipeline, String eventId, Instant eventTime,
			Instant recordedAt, String reason, Map<String, Object> data) {
		this(stream, pipeline, eventId, eventTime, recordedAt, reason, data, null, null, null);
	}

	/** A record of an event no API key published. */
	public DeadLetterRecord(String stream, @Nullable String pipeline, String eventId, Instant eventTime,
			Instant recordedAt, String reason, Map<String, Object> data, @Nullable String ingestId,
			@Nullable Instant ingestTime) {
		this(stream, pipeline, eventId, eventTime, recordedAt, reason, data, ingestId, ingestTime, null);
	}

	/** Its id within its stream: {@code pipeline|eventId}, one per pipeline that rejected the event. */
	@JsonIgnore
	public String id() {
		return (this.pipeline == null ? NO_PIPELINE : this.pipeline) + "|" + this.eventId;
	}

	/** A record of an event a pipeline (or, with {@code pipeline} null, the route stage) rejected. */
	public static DeadLetterRecord of(Event event, @Nullable String pipeline, Instant recordedAt, String reason,
			@Nullable String apiKey) {
		return new DeadLetterRecord(event.stream(), pipeline, event.id(), event.eventTime(), recordedAt, reason,
				event.data(), event.ingestId(), event.ingestTime(), apiKey);
	}

}
