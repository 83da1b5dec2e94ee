package io.tributary.processing.alert;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import io.tributary.contract.Alert;
import io.tributary.processing.window.TimeArithmetic;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of the alerts of one pipeline in one partition: an alert opens on a breaching
 * window, takes every further breaching window as a new revision, and resolves as "recovered" on a
 * window that does not breach or as "quiet" when its key has no window for the rule's resolve-after.
 * Counts the open alerts and knows the earliest watermark at which one may go quiet.
 */
final class AlertLifecycle {

	private static final String RECOVERED = "recovered";

	private static final String QUIET = "quiet";

	private final String pipeline;

	private int openCount;

	/** The earliest watermark at which an open alert may resolve for lack of windows. */
	private long nextQuietCheck = Long.MAX_VALUE;

	AlertLifecycle(String pipeline) {
		this.pipeline = pipeline;
	}

	int openCount() {
		return this.openCount;
	}

	/** A window of the state's key breached the rule: opens its alert or adds the window to the open one. */
	void breached(KeyState state, RuleJudge rule, long windowStart, long windowEnd, Map<String, @Nullable Object> metrics,
			RuleJudge.Verdict verdict, long now, Consumer<Alert> out) {
		Instant at = Instant.ofEpochMilli(now);
		Alert open = state.open;
		Alert next;
		if (open == null) {
			Instant start = Instant.ofEpochMilli(windowStart);
			next = new Alert(Alert.id(rule.name(), state.key, start), this.pipeline, rule.name(), state.key,
					Alert.Status.open, rule.rule.severity().text(), rule.rule.kind().text(), rule.rule.condition(), start,
					Instant.ofEpochMilli(windowEnd), 1, metrics, verdict.value(), verdict.expected(), verdict.deviation(),
					at, at, null, null, 1);
			this.openCount++;
		}
		else {
			next = new Alert(open.id(), open.pipeline(), open.rule(), state.key, Alert.Status.open, open.severity(),
					open.kind(), open.condition(), open.windowStart(), Instant.ofEpochMilli(windowEnd), open.breaches() + 1,
					metrics, verdict.value(), verdict.expected(), verdict.deviation(), open.openedAt(), at, null, null,
					open.revision() + 1);
		}
		state.open = next;
		this.nextQuietCheck = Math.min(this.nextQuietCheck, TimeArithmetic.plus(windowEnd, rule.resolveAfter));
		out.accept(next);
	}

	/** A window of the state's key did not breach: its open alert, if any, resolves as recovered. */
	void cleared(KeyState state, long now, Consumer<Alert> out) {
		resolve(state, RECOVERED, now, out);
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
					resolve(state, QUIET, now, out);
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

	private void resolve(KeyState state, String resolution, long now, Consumer<Alert> out) {
		Alert open = state.open;
		if (open == null) {
			return;
		}
		Instant at = Instant.ofEpochMilli(now);
		Alert resolved = new Alert(open.id(), open.pipeline(), open.rule(), open.key(), Alert.Status.resolved,
				open.severity(), open.kind(), open.condition(), open.windowStart(), open.windowEnd(), open.breaches(),
				open.metrics(), open.value(), open.expected(), open.deviation(), open.openedAt(), at, at, resolution,
				open.revision() + 1);
		state.open = null;
		this.openCount--;
		out.accept(resolved);
	}

}
