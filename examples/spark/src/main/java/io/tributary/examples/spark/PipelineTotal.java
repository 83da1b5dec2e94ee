package io.tributary.examples.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The running total of one metric over the final results of one pipeline: each window (key, window
 * start) counts with its highest final revision only, and not at all once retracted. Tributary
 * publishes at least once, so a revision can arrive again (same revision: ignored), and after a
 * redelivery an older revision can follow a newer one (lower revision: ignored). The Spark job keeps
 * one of these per pipeline as its state; it is plain Java so that it is tested without Spark.
 */
public final class PipelineTotal implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Per window, the highest revision seen and what it contributes (0 once retracted). */
	private final Map<String, Contribution> windows = new HashMap<>();

	private double total;

	private long duplicates;

	/** Applies one message of the pipeline; alerts and non-final results leave the total as it is. */
	public void apply(ResultsOutMessage message) {
		boolean retraction = message.type().equals("retraction");
		if (!retraction && !(message.type().equals("result") && message.isFinal())) {
			return;
		}
		Contribution seen = this.windows.get(message.window());
		if (seen != null && seen.revision() >= message.revision()) {
			if (seen.revision() == message.revision()) {
				this.duplicates++;
			}
			return;
		}
		double value = (retraction || message.metric() == null) ? 0 : message.metric();
		this.total += value - ((seen != null) ? seen.value() : 0);
		this.windows.put(message.window(), new Contribution(message.revision(), value));
	}

	/** The sum over the pipeline's windows of the metric of each one's latest final revision. */
	public double total() {
		return this.total;
	}

	/** Windows seen, retracted ones included. */
	public int windows() {
		return this.windows.size();
	}

	/** Messages that repeated a revision already applied (at-least-once delivery). */
	public long duplicates() {
		return this.duplicates;
	}

	private record Contribution(long revision, double value) implements Serializable {
	}

}
