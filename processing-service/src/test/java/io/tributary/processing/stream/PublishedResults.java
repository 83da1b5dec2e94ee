package io.tributary.processing.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.processing.publish.ConfirmedPublisher;

/** A window stage's publisher in a test: keeps what storage would store, and reads the final results. */
final class PublishedResults extends ConfirmedPublisher {

	final List<WindowResult> stored = new CopyOnWriteArrayList<>();

	final List<LateEventRecord> late = new CopyOnWriteArrayList<>();

	PublishedResults() {
		super(null);
	}

	@Override
	public void publishAll(List<Outgoing> messages) {
		for (Outgoing out : messages) {
			ResultBatch batch = (ResultBatch) out.payload();
			this.stored.addAll(batch.results());
			this.late.addAll(batch.late());
		}
	}

	/** "n/total" of each window's final result at its highest revision, by {@code id} of the result. */
	<K extends Comparable<K>> Map<K, String> finals(Function<WindowResult, K> id) {
		Map<K, WindowResult> latest = new TreeMap<>();
		for (WindowResult r : this.stored) {
			K key = id.apply(r);
			WindowResult previous = latest.get(key);
			if (r.isFinal() && (previous == null || previous.revision() < r.revision())) {
				latest.put(key, r);
			}
		}
		Map<K, String> finals = new TreeMap<>();
		latest.forEach((key, r) -> finals.put(key, r.metrics().get("n") + "/" + r.metrics().get("total")));
		return finals;
	}

	/** Seconds from {@code t0} to the result's window start. */
	static long secondsAfter(Instant t0, WindowResult r) {
		return (r.windowStart().toEpochMilli() - t0.toEpochMilli()) / 1000;
	}

}
