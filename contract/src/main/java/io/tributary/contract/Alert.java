package io.tributary.contract;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.jspecify.annotations.Nullable;

/**
 * An alert of one rule for one key of a pipeline, at one revision. It opens on the first fired
 * window that breaches the rule, takes every further breaching window while open (one alert, not
 * one per window: {@code breaches} counts them), and resolves on the first fired window of the key
 * that does not breach, or when the key has had no window for the rule's resolve-after.
 *
 * @param id          {@code rule|key|first window start (epoch millis)}: stable over its lifecycle
 * @param severity    as the rule declares it
 * @param kind        whether a threshold or an anomaly rule raised it
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
 * @param resolution  how it resolved, null while open
 * @param revision    grows with every change; a store keeps the highest. A pipeline version's
 *                    revisions lie above every older version's ({@link VersionRevisions}), so an
 *                    alert a new version opens on the same rule, key and window replaces the old one's
 * @param version     the version of the pipeline that raised it; alerts written before alerts named
 *                    it read as the version their revision's range names (1 for all of them)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(String id, String pipeline, String rule, String key, Status status, Severity severity,
		Kind kind, String condition, Instant windowStart, Instant windowEnd, long breaches,
		Map<String, @Nullable Object> metrics, @Nullable Double value, @Nullable Double expected,
		@Nullable Double deviation, Instant openedAt, Instant updatedAt, @Nullable Instant resolvedAt,
		@Nullable Resolution resolution, long revision,
		@JsonSetter(nulls = Nulls.AS_EMPTY) long version) {

	/** @throws IllegalArgumentException when {@code version} is negative */
	public Alert {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(pipeline, "pipeline");
		Objects.requireNonNull(rule, "rule");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(status, "status");
		if (version < 0) {
			throw new IllegalArgumentException("a version is at least 1, got " + version);
		}
		if (version == 0) {
			// absent (read as 0) from JSON written before alerts named their version
			version = VersionRevisions.versionOf(revision);
		}
		metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
	}

	/** The id of the alert of {@code rule} for {@code key} that opened on the window starting at {@code start}. */
	public static String id(String rule, String key, Instant start) {
		return rule + "|" + key + "|" + start.toEpochMilli();
	}

	/**
	 * A new alert of {@code rule} for {@code key}, raised by {@code version} of the pipeline, opened at
	 * {@code at} on the window starting at {@code windowStart} that {@code breach} describes: the
	 * version's first revision ({@link VersionRevisions#base} + 1), one breach.
	 * @throws IllegalArgumentException when {@code version} is below 1
	 */
	public static Alert opened(String pipeline, long version, String rule, String key, Severity severity, Kind kind,
			String condition, Instant windowStart, Breach breach, Instant at) {
		return new Alert(id(rule, key, windowStart), pipeline, rule, key, Status.open, severity, kind, condition,
				windowStart, breach.windowEnd(), 1, breach.metrics(), breach.value(), breach.expected(),
				breach.deviation(), at, at, null, null, VersionRevisions.base(version) + 1, version);
	}

	/** The next revision of this open alert: one more breaching window, the latest one's details, at {@code at}. */
	public Alert withBreach(Breach breach, Instant at) {
		if (this.status != Status.open) {
			throw new IllegalStateException("alert '" + this.id + "' is " + this.status + ", not open");
		}
		return new Alert(this.id, this.pipeline, this.rule, this.key, Status.open, this.severity, this.kind,
				this.condition, this.windowStart, breach.windowEnd(), this.breaches + 1, breach.metrics(),
				breach.value(), breach.expected(), breach.deviation(), this.openedAt, at, null, null,
				this.revision + 1, this.version);
	}

	/** The next revision of this alert: resolved at {@code at}, its last breach as it was. */
	public Alert resolved(Resolution resolution, Instant at) {
		return new Alert(this.id, this.pipeline, this.rule, this.key, Status.resolved, this.severity, this.kind,
				this.condition, this.windowStart, this.windowEnd, this.breaches, this.metrics, this.value,
				this.expected, this.deviation, this.openedAt, at, at, resolution, this.revision + 1, this.version);
	}

	@JsonIgnore
	public boolean isOpen() {
		return this.status == Status.open;
	}

	/** Lower case on the wire, as users read and filter it. */
	public enum Status {

		open, resolved

	}

	/** How urgent, as the rule declares it; lower case on the wire. */
	public enum Severity {

		info, warning, critical

	}

	/** Which kind of rule raised it; lower case on the wire. */
	public enum Kind {

		/** A condition over the window's metrics. */
		threshold,

		/** A metric far from the key's own recent history. */
		anomaly,

		/** A metric outside the interval of its key's forecast. */
		forecast

	}

	/** Why it resolved; lower case on the wire. */
	public enum Resolution {

		/** A fired window of its key no longer breached the rule. */
		recovered,

		/** Its key had no fired window for the rule's resolve-after. */
		quiet

	}

	/**
	 * What one breaching window tells an alert.
	 *
	 * @param windowEnd end of the breaching window
	 * @param metrics   its metrics
	 * @param value     anomaly rules: the watched metric's value
	 * @param expected  anomaly rules: the key's recent average it was judged against, null without history
	 * @param deviation anomaly rules: how many standard deviations away it was, null without history
	 */
	public record Breach(Instant windowEnd, Map<String, @Nullable Object> metrics, @Nullable Double value,
			@Nullable Double expected, @Nullable Double deviation) {

		/** A threshold rule's breach: the window and its metrics. */
		public static Breach of(Instant windowEnd, Map<String, @Nullable Object> metrics) {
			return new Breach(windowEnd, metrics, null, null, null);
		}

	}

}
