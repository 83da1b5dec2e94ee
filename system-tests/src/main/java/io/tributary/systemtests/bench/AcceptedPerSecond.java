package io.tributary.systemtests.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Events accepted per second of the run, counted by the load's sender threads as each batch is
 * accepted (one map lookup and one add per batch). Second {@code i} is
 * {@code [origin + i s, origin + (i + 1) s)}.
 */
final class AcceptedPerSecond {

	private final long originMillis;

	private final Map<Long, LongAdder> bySecond = new ConcurrentHashMap<>();

	AcceptedPerSecond(long originMillis) {
		this.originMillis = originMillis;
	}

	void add(long acceptedAtMillis, int events) {
		long second = Math.floorDiv(acceptedAtMillis - this.originMillis, 1000);
		this.bySecond.computeIfAbsent(second, (k) -> new LongAdder()).add(events);
	}

	long originMillis() {
		return this.originMillis;
	}

	/** Events accepted in second {@code second} of the run. */
	long in(long second) {
		LongAdder events = this.bySecond.get(second);
		return (events != null) ? events.sum() : 0;
	}

}
