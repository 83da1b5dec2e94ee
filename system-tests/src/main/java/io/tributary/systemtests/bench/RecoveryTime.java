package io.tributary.systemtests.bench;

import java.util.List;
import java.util.OptionalLong;

/**
 * How a kill -9 of processing showed in the final results: the restarted instance was ready
 * {@link #readyAfterMillis()} after the kill, and results were fresh again at the arrival of the
 * first final result after which every final result (of the windows closeable after the kill, to the
 * end of the phase) had a latency at or under a threshold.
 *
 * @param killedAtMillis when SIGKILL was sent
 * @param readyAtMillis when the restarted instance reported ready
 * @param samples the final results of the windows closeable from the kill to the end of the phase, by arrival
 */
record RecoveryTime(long killedAtMillis, long readyAtMillis, List<FinalSamples.Sample> samples) {

	/** The target: fresh under 100 ms again within 10 s of the restart. */
	static final long FRESH_MILLIS = 100;

	static final long TARGET_MILLIS = 10_000;

	RecoveryTime {
		samples = List.copyOf(samples);
	}

	long readyAfterMillis() {
		return this.readyAtMillis - this.killedAtMillis;
	}

	/**
	 * Time from ready to the arrival of the first final result from which on every one had a latency
	 * {@code <= thresholdMillis} (at least 0); empty if the last result sampled was still over it, or
	 * there was none.
	 */
	OptionalLong freshAfterReadyMillis(long thresholdMillis) {
		return freshAfter(thresholdMillis, this.readyAtMillis);
	}

	/**
	 * As {@link #freshAfterReadyMillis}, from the kill: with a standby taking over, freshness may be back
	 * before the restarted instance is ready.
	 */
	OptionalLong freshAfterKillMillis(long thresholdMillis) {
		return freshAfter(thresholdMillis, this.killedAtMillis);
	}

	private OptionalLong freshAfter(long thresholdMillis, long fromMillis) {
		if (this.samples.isEmpty()) {
			return OptionalLong.empty();
		}
		int first = this.samples.size();
		while (first > 0 && this.samples.get(first - 1).latencyMillis() <= thresholdMillis) {
			first--;
		}
		if (first == this.samples.size()) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(Math.max(0, this.samples.get(first).arrivedAtMillis() - fromMillis));
	}

	/** The worst latency of the windows closeable after the kill (the outage's). */
	long worstLatencyMillis() {
		return this.samples.stream().mapToLong(FinalSamples.Sample::latencyMillis).max().orElse(0);
	}

	/** Whether freshness was back under 100 ms within 10 s of the restart. */
	boolean met() {
		OptionalLong fresh = freshAfterReadyMillis(FRESH_MILLIS);
		return fresh.isPresent() && fresh.getAsLong() <= TARGET_MILLIS;
	}

}
