package io.tributary.ingestion.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What is wrong with one event of a request.
 *
 * @param index   the event's position in the request, 0-based: in the array, or among the non-empty
 *                lines of an NDJSON body
 * @param line    for NDJSON, the 1-based line of the body the event is on; null otherwise
 * @param message why the event is rejected
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventError(int index, @Nullable Integer line, String message) {
}
