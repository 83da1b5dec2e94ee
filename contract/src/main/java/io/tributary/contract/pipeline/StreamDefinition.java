package io.tributary.contract.pipeline;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A stream of events that publishers send to.
 *
 * @param timeField field (dotted path) holding the event time, ISO-8601 or epoch millis; null:
 *                  every event takes its ingestion time
 * @param idField   field (dotted path) holding the event id used to recognise retries; null: ids are
 *                  generated
 * @param schema    JSON Schema file that events must satisfy, resolved against the pipeline file
 */
public record StreamDefinition(String name, @Nullable String timeField, @Nullable String idField,
		@Nullable Path schema) {
}
