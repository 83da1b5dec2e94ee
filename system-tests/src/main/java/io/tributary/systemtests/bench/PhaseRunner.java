package io.tributary.systemtests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the load through its phases without stopping it: sets each phase's rate, waits out its
 * warm-up, measures it, and in the recovery phase kills processing and starts it again mid-phase.
 * A percentage is of the last max phase's accepted events/s, and a paced phase splits its rate
 * between HTTP and AMQP as that max phase's accepted events were split.
 */
final class PhaseRunner {

	private static final Logger log = LoggerFactory.getLogger(PhaseRunner.class);

	/** The recovery phase kills processing this long after its warm-up... */
	static final Duration KILL_AFTER = Duration.ofSeconds(10);

	/** ...and measures at least this long after the restarted instance is ready. */
	static final Duration AFTER_READY = Duration.ofSeconds(40);

	/** The load as the phases drive it ({@link LoadDriver}). */
	interface Load {

		/** The total target rate from now (0: unpaced), of which AMQP gets {@code amqpFraction}. */
		void rate(double eventsPerSecond, double amqpFraction);

		LoadDriver.Counters counters();

	}

	/** Wall-clock time in epoch millis, and waiting for it. */
	interface Clock {

		Clock SYSTEM = new Clock() {
			@Override
			public long millis() {
				return System.currentTimeMillis();
			}

			@Override
			public void sleepUntil(long millis) throws InterruptedException {
				long wait = millis - System.currentTimeMillis();
				if (wait > 0) {
					Thread.sleep(wait);
				}
			}
		};

		long millis();

		void sleepUntil(long millis) throws InterruptedException;

	}

	/** The service the recovery phase crashes: processing, in a cluster the benchmark started. */
	interface Crash {

		/** SIGKILL; returns once the process is gone. */
		void kill();

		/** Starts it again at once; returns once the new instance is ready. */
		void restart();

	}

	/** Told when each phase's measured interval begins and ends (e.g. to scrape the services' metrics). */
	interface Marks {

		Marks NONE = new Marks() {
		};

		/** The measured interval of the {@code index}-th phase (0-based) begins now. */
		default void measuredFrom(int index) {
		}

		/** ...and ends now. */
		default void measuredTo(int index) {
		}

	}

	/**
	 * A kill -9 in a phase: when SIGKILL was sent, and when the restarted instance was ready; and how busy
	 * the machine was from the kill to ready and in the {@link RecoveryTime#TARGET_MILLIS} after ready
	 * (null where the counters cannot be read).
	 */
	record Kill(long killedAtMillis, long readyAtMillis, @Nullable String cpuUntilReady, @Nullable String cpuAfterReady) {

		Kill(long killedAtMillis, long readyAtMillis) {
			this(killedAtMillis, readyAtMillis, null, null);
		}

	}

	/**
	 * One phase as it ran.
	 * @param rate what {@code --rates} asked for ({@link PhasePlan#RECOVERY_RATE} for the recovery phase)
	 * @param targetEventsPerSecond the resolved target, 0: unpaced
	 * @param startMillis when its rate was set (its warm-up began)
	 * @param measuredFromMillis when its measured interval began
	 * @param measuredToMillis when its measured interval ended
	 * @param measured what the load sent and had accepted in the measured interval
	 * @param kill the recovery phase's kill, else null
	 */
	record Phase(PhaseRate rate, double targetEventsPerSecond, long startMillis, long measuredFromMillis,
			long measuredToMillis, LoadDriver.Counters measured, @Nullable Kill kill) {

		String label() {
			return (this.kill != null) ? this.rate.label() + " + kill -9" : this.rate.label();
		}

		double seconds() {
			return (this.measuredToMillis - this.measuredFromMillis) / 1000.0;
		}

		double acceptedPerSecond() {
			return (this.measured.httpEvents() + this.measured.amqpEvents()) / seconds();
		}

		double amqpFraction() {
			long total = this.measured.httpEvents() + this.measured.amqpEvents();
			return (total > 0) ? (double) this.measured.amqpEvents() / total : 0;
		}

	}

	private final Load load;

	private final BenchOptions options;

	private final @Nullable Crash crash;

	private final Clock clock;

	private Marks marks = Marks.NONE;

	PhaseRunner(Load load, BenchOptions options, @Nullable Crash crash, Clock clock) {
		this.load = load;
		this.options = options;
		this.crash = crash;
		this.clock = clock;
		if (options.phases().recovery() && crash == null) {
			throw new IllegalArgumentException("a recovery phase needs a processing service to kill");
		}
	}

	/** Who is told when the phases' measured intervals begin and end. */
	PhaseRunner markedBy(Marks marks) {
		this.marks = marks;
		return this;
	}

	/** Runs every phase, the load already started; returns them as they ran. */
	List<Phase> run() throws InterruptedException {
		PhasePlan plan = this.options.phases();
		List<Phase> phases = new ArrayList<>();
		@Nullable Phase lastMax = null;
		Duration warmup = this.options.warmup();
		for (PhaseRate rate : plan.rates()) {
			Phase phase = runPhase(phases.size(), rate, lastMax, warmup, false);
			phases.add(phase);
			if (rate.kind() == PhaseRate.Kind.MAX) {
				lastMax = phase;
			}
			warmup = plan.warmup();
		}
		if (plan.recovery()) {
			phases.add(runPhase(phases.size(), PhasePlan.RECOVERY_RATE, lastMax, warmup, true));
		}
		return phases;
	}

	private Phase runPhase(int index, PhaseRate rate, @Nullable Phase lastMax, Duration warmup, boolean recovery)
			throws InterruptedException {
		double target = rate.eventsPerSecond((lastMax != null) ? lastMax.acceptedPerSecond() : 0);
		double amqpFraction = (lastMax != null) ? lastMax.amqpFraction() : defaultAmqpFraction(target);
		log.info("Phase {}: target {} events/s ({}% AMQP), warm-up {} then {} measured",
				rate.label() + (recovery ? " + kill -9" : ""), (target > 0) ? Benchmark.fmt(target) : "unpaced",
				Math.round(amqpFraction * 100), warmup, this.options.duration());
		long start = this.clock.millis();
		this.load.rate(target, amqpFraction);
		this.clock.sleepUntil(start + warmup.toMillis());
		LoadDriver.Counters atStart = this.load.counters();
		this.marks.measuredFrom(index);
		long measuredFrom = this.clock.millis();
		Kill kill = null;
		long end = measuredFrom + this.options.duration().toMillis();
		if (recovery) {
			this.clock.sleepUntil(measuredFrom + KILL_AFTER.toMillis());
			long killedAt = this.clock.millis();
			CpuLoad.Snapshot atKill = CpuLoad.now();
			this.crash.kill();
			this.crash.restart();
			long readyAt = this.clock.millis();
			CpuLoad.Snapshot atReady = CpuLoad.now();
			log.info("Processing killed and ready again {} ms later", readyAt - killedAt);
			this.clock.sleepUntil(readyAt + RecoveryTime.TARGET_MILLIS);
			CpuLoad.Snapshot afterReady = CpuLoad.now();
			kill = new Kill(killedAt, readyAt, (atKill != null && atReady != null) ? atKill.until(atReady) : null,
					(atReady != null && afterReady != null) ? atReady.until(afterReady) : null);
			end = Math.max(end, kill.readyAtMillis() + AFTER_READY.toMillis());
		}
		this.clock.sleepUntil(end);
		LoadDriver.Counters atEnd = this.load.counters();
		long measuredTo = this.clock.millis();
		this.marks.measuredTo(index);
		return new Phase(rate, target, start, measuredFrom, measuredTo, atEnd.minus(atStart), kill);
	}

	/** Before any max phase: AMQP at up to {@code --amqp-rate} of the target, HTTP the rest. */
	private double defaultAmqpFraction(double target) {
		if (this.options.amqpPublishers() == 0 || target <= 0) {
			return 0;
		}
		if (this.options.httpConcurrency() == 0 || this.options.amqpRate() == 0) {
			return 1;
		}
		return Math.min(1, this.options.amqpRate() / target);
	}

}
