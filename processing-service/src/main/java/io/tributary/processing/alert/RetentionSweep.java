package io.tributary.processing.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.processing.time.TimeArithmetic;

/**
 * Forgets the alert state of keys that have had no window for the pipeline's retention (and no
 * open alert), so that the state of keys that come and go does not grow without end.
 */
final class RetentionSweep {

	/**
	 * Sweeps per retention. A sweep scans every state, so it runs only every eighth of the retention
	 * of watermark progress, not on every watermark; a state then outlives its retention by at most
	 * an eighth of it.
	 */
	static final int SWEEPS_PER_RETENTION = 8;

	/** Event time after which a key's state without a window is forgotten. */
	private final long forgetAfter;

	private final long interval;

	private long nextSweep = Long.MIN_VALUE;

	/**
	 * @param forgetAfter event time, in milliseconds, after which a key's state without a window goes
	 */
	RetentionSweep(long forgetAfter) {
		this.forgetAfter = forgetAfter;
		this.interval = Math.max(1, forgetAfter / SWEEPS_PER_RETENTION);
	}

	/** Forgets, when a sweep is due at {@code watermark}, the states without an open alert and a window for too long. */
	void watermark(long watermark, KeyStates states) {
		if (watermark < this.nextSweep) {
			return;
		}
		this.nextSweep = TimeArithmetic.plus(watermark, this.interval);
		List<String> forgotten = new ArrayList<>();
		for (Map.Entry<String, KeyState> entry : states.entries()) {
			KeyState state = entry.getValue();
			if (state.open == null && TimeArithmetic.plus(state.lastWindowEnd, this.forgetAfter) <= watermark) {
				forgotten.add(entry.getKey());
			}
		}
		for (String field : forgotten) {
			states.forget(field);
		}
	}

}
