package io.tributary.contract;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An alert of one rule for one key of a pipeline, at one revision. It opens on the first fired
 * window that breaches the rule, takes every further breaching window while open (one alert, not
 * one per window: {@code breaches} counts them), and resolves on the first fired window of the key
 * that does not breach, or when the key has had no window for the rule's resolve-after.
 *
 * @param id          {@code rule|key|first window start (epoch millis)}: stable over its lifecycle
 * @param kind        {@code threshold} or {@code anomaly}
 * @param condition   the rule in words
 * @param windowStart start of the first breaching window
 * @param windowEnd   end of the latest breaching window
 * @param metrics     the metrics of the latest breaching window
 * @param value       anomaly rules: the watched metric's value in the latest breaching window
 * @param expected    anomaly rules: the key's recent average it was judged against
 * @param deviation   anomaly rules: how many standard deviations away it was
 * @param openedAt    wall-clock time the alert opened
 * @param updatedAt   wall-clock time of this revision
 * @param resolvedAt  wall-clock time it resolved, null while open
 * @param resolution  {@code recovered} (a window no longer breached) or {@code quiet} (no windows)
 * @param revision    grows with every change; a store keeps the highest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(String id, String pipeline, String rule, String key, Status status, String severity,
		String kind, String condition, Instant windowStart, Instant windowEnd, long breaches,
		Map<String, @Nullable Object> metrics, @Nullable Double value, @Nullable Double expected,
		@Nullable Double deviation, Instant openedAt, Instant updatedAt, @Nullable Instant resolvedAt,
		@Nullable String resolution, long revision) {

	public Alert {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(pipeline, "pipeline");
		Objects.requireNonNull(rule, "rule");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(status, "status");
		metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
	}

	/** The id of the alert of {@code rule} for {@code key} that opened on the window starting at {@code start}. */
	public static String id(String rule, String key, Instant start) {
		return rule + "|" + key + "|" + start.toEpochMilli();
	}

	@JsonIgnore
	public boolean isOpen() {
		return this.status == Status.open;
	}

	/** Lower case on the wire, as users read and filter it. */
	public enum Status {

		open, resolved

	}

}
