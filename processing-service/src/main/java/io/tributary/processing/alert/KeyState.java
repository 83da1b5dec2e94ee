package io.tributary.processing.alert;

import io.tributary.contract.Alert;
import org.jspecify.annotations.Nullable;

/**
 * What one alert rule keeps for one key: the end of the last judged window, the anomaly history
 * and the open alert, with the two flags the checkpoint needs to know whether dropping it must
 * delete a stored copy.
 */
final class KeyState {

	final String rule;

	final String key;

	long lastWindowEnd = Long.MIN_VALUE;

	@Nullable AnomalyDetector detector;

	@Nullable Alert open;

	/** Written by a checkpoint, so dropping it must delete it. */
	boolean persisted;

	/** Dropped: deleted by the next checkpoint. */
	boolean forgotten;

	KeyState(String rule, String key) {
		this.rule = rule;
		this.key = key;
	}

	/** The anomaly history, started on first use. */
	AnomalyDetector history() {
		AnomalyDetector history = this.detector;
		if (history == null) {
			history = new AnomalyDetector();
			this.detector = history;
		}
		return history;
	}

	/** Whether a checkpoint has anything to keep of it: a threshold rule's key without an open alert has not. */
	boolean worthKeeping() {
		return !this.forgotten && (this.open != null || this.detector != null);
	}

}
