package io.tributary.contract.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A stream of events that publishers send to.
 *
 * @param timeField field (dotted path) holding the event time, ISO-8601 or epoch millis; null:
 *                  every event takes its ingestion time
 * @param idField   field (dotted path) holding the event id used to recognise retries; null: ids are
 *                  generated
 * @param schema    JSON Schema file that events must satisfy, resolved against the pipeline file
 * @param maxFuture how far past the receiving service's clock an event time may be: ingestion
 *                  refuses a later one, and processing dead-letters one that reaches it, so that no
 *                  single event can move a watermark ahead of everyone's data
 */
public record StreamDefinition(String name, @Nullable String timeField, @Nullable String idField,
		@Nullable Path schema, Duration maxFuture) {

	/**
	 * A few minutes: more than the clock error of honest publishers (devices and batching clients
	 * are often seconds to a minute off), little enough that an event at the limit closes windows
	 * early by no more than that.
	 */
	public static final Duration DEFAULT_MAX_FUTURE = Duration.ofMinutes(5);

	/**
	 * The least {@code max-future}: processing checks again against its own clock, so the setting
	 * must cover the skew between the machines' clocks, or events stamped with ingestion's own time
	 * would be dead-lettered.
	 */
	public static final Duration MIN_MAX_FUTURE = Duration.ofSeconds(1);

	/** @throws IllegalArgumentException when {@code maxFuture} is below {@link #MIN_MAX_FUTURE} or beyond 64-bit milliseconds */
	public StreamDefinition {
		Objects.requireNonNull(maxFuture, "maxFuture");
		PipelineDefinition.requireMillis(maxFuture, "max-future");
		if (maxFuture.compareTo(MIN_MAX_FUTURE) < 0) {
			throw new IllegalArgumentException("max-future must be at least " + Durations.format(MIN_MAX_FUTURE)
					+ " (it must cover the skew between the services' clocks), got " + Durations.format(maxFuture));
		}
	}

	/** A stream with the default {@code max-future}. */
	public StreamDefinition(String name, @Nullable String timeField, @Nullable String idField, @Nullable Path schema) {
		this(name, timeField, idField, schema, DEFAULT_MAX_FUTURE);
	}

}
