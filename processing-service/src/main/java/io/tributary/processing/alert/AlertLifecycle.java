package io.tributary.processing.alert;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import io.tributary.contract.Alert;
import io.tributary.processing.time.TimeArithmetic;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of the alerts of one pipeline in one partition: an alert opens on a breaching
 * window, takes every further breaching window as a new revision, and resolves as "recovered" on a
 * window that does not breach or as "quiet" when its key has no window for the rule's resolve-after.
 * Counts the open alerts and knows the earliest watermark at which one may go quiet.
 */
final class AlertLifecycle {

	private final String pipeline;

	/** The pipeline version that opens the alerts. */
	private final long version;

	private int openCount;

	/** The earliest watermark at which an open alert may resolve for lack of windows. */
	private long nextQuietCheck = Long.MAX_VALUE;

	AlertLifecycle(String pipeline, long version) {
		if (version < 1) {
			throw new IllegalArgumentException("a version is at least 1, got " + version);
		}
		this.pipeline = pipeline;
		this.version = version;
	}

	int openCount() {
		return this.openCount;
	}

	/** A window of the state's key breached the rule: opens its alert or adds the window to the open one. */
	void breached(KeyState state, RuleJudge rule, long windowStart, long windowEnd, Map<String, @Nullable Object> metrics,
			RuleJudge.Verdict verdict, long now, Consumer<Alert> out) {
		Instant at = Instant.ofEpochMilli(now);
		Alert open = state.open;
		Alert.Breach breach = verdict.of(windowEnd, metrics);
		Alert next;
		if (open == null) {
			next = Alert.opened(this.pipeline, this.version, rule.name(), state.key, rule.severity, rule.kind, rule.condition,
					Instant.ofEpochMilli(windowStart), breach, at);
			this.openCount++;
		}
		else {
			next = open.withBreach(breach, at);
		}
		state.open = next;
		this.nextQuietCheck = Math.min(this.nextQuietCheck, TimeArithmetic.plus(windowEnd, rule.resolveAfter));
		out.accept(next);
	}

	/** A window of the state's key did not breach: its open alert, if any, resolves as recovered. */
	void cleared(KeyState state, long now, Consumer<Alert> out) {
		resolve(state, Alert.Resolution.recovered, now, out);
	}

	/**
	 * The watermark rose: open alerts of keys without a window for their rule's resolve-after resolve
	 * as quiet. Cheap until the earliest such deadline is reached.
	 */
	void watermark(long watermark, Iterable<RuleJudge> rules, KeyStates states, long now, Consumer<Alert> out) {
		if (this.openCount == 0 || watermark < this.nextQuietCheck) {
			return;
		}
		long next = Long.MAX_VALUE;
		for (RuleJudge rule : rules) {
			for (Map.Entry<String, KeyState> entry : states.entries()) {
				KeyState state = entry.getValue();
				if (state.open == null || !state.rule.equals(rule.name())) {
					continue;
				}
				long deadline = TimeArithmetic.plus(state.lastWindowEnd, rule.resolveAfter);
				if (deadline <= watermark) {
					resolve(state, Alert.Resolution.quiet, now, out);
					states.changed(entry.getKey(), state);
				}
				else {
					next = Math.min(next, deadline);
				}
			}
		}
		this.nextQuietCheck = next;
	}

	/** A restored state of {@code rule} that may hold an open alert. */
	void restored(KeyState state, RuleJudge rule) {
		if (state.open != null) {
			this.openCount++;
			this.nextQuietCheck = Math.min(this.nextQuietCheck, TimeArithmetic.plus(state.lastWindowEnd, rule.resolveAfter));
		}
	}

	private void resolve(KeyState state, Alert.Resolution resolution, long now, Consumer<Alert> out) {
		Alert open = state.open;
		if (open == null) {
			return;
		}
		Alert resolved = open.resolved(resolution, Instant.ofEpochMilli(now));
		state.open = null;
		this.openCount--;
		out.accept(resolved);
	}

}
