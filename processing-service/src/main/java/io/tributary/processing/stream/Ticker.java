package io.tributary.processing.stream;

import java.time.Duration;

import io.tributary.processing.lookup.RedisLookupTables;
import io.tributary.support.schedule.FixedDelayLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Schedules what happens without input: window-stage ticks (watermarks advancing by the clock on
 * idle partitions, interim and final results, re-publishing outboxes left by a crash, lease
 * refresh) and lookup-table refresh.
 */
public class Ticker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Ticker.class);

	private final WindowStage windows;

	private final RedisLookupTables lookups;

	private final Duration tickInterval;

	private final Duration lookupRefresh;

	private final FixedDelayLoops loops = new FixedDelayLoops(Thread.ofPlatform().name("tributary-tick-", 0).daemon());

	public Ticker(WindowStage windows, RedisLookupTables lookups, Duration tickInterval, Duration lookupRefresh) {
		this.windows = windows;
		this.lookups = lookups;
		this.tickInterval = tickInterval;
		this.lookupRefresh = lookupRefresh;
	}

	@Override
	public void start() {
		this.loops.start(new FixedDelayLoops.Loop(this.tickInterval, this::tick),
				new FixedDelayLoops.Loop(this.lookupRefresh, this::refreshLookups));
	}

	private void tick() {
		try {
			this.windows.tick();
		}
		catch (RuntimeException ex) {
			log.warn("Tick failed: {}", ex.getMessage());
		}
	}

	private void refreshLookups() {
		try {
			this.lookups.refresh();
		}
		catch (RuntimeException ex) {
			log.warn("Lookup refresh failed: {}", ex.getMessage());
		}
	}

	@Override
	public void stop() {
		this.loops.stop();
	}

	@Override
	public boolean isRunning() {
		return this.loops.isRunning();
	}

	/**
	 * Stops last: after the input bindings ({@code DEFAULT_PHASE - 3000}) stopped consuming and the
	 * window stage ({@link WindowStage#PHASE}) wrote its last checkpoints and released its leases, so
	 * leases are refreshed until they are released. (Higher phases stop first.)
	 */
	@Override
	public int getPhase() {
		return WindowStage.PHASE - 1000;
	}

}
