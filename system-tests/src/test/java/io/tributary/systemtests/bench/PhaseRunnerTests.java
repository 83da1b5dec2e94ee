package io.tributary.systemtests.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phases on a fake clock against a fake load that accepts 40,000 events/s unpaced (5,000 of
 * them AMQP) and exactly its target when paced, and a processing service whose restart takes 15 s.
 */
class PhaseRunnerTests {

	private static final long T0 = 1_000_000;

	private final World world = new World();

	private static BenchOptions options(String... args) {
		return BenchOptions.parse(args, Path.of("/nonexistent-repo"));
	}

	@Test
	void eachPhaseRunsAtItsRateFromTheMaxPhaseWarmedUpThenMeasuredAndTheLastKillsProcessingMidPhase()
			throws InterruptedException {
		List<PhaseRunner.Phase> phases = new PhaseRunner(this.world, options("--launch=true", "--rates=max,50%,20000",
				"--recovery=true", "--duration=30s", "--warmup=10s", "--phase-warmup=5s"), this.world, this.world).run();

		assertThat(phases).extracting(PhaseRunner.Phase::label).containsExactly("max", "50%", "20,000/s", "50% + kill -9");
		// max: unpaced; then 50% of the 40,000 accepted, split as max was (12.5% AMQP); the absolute rate the same
		assertThat(this.world.rates).containsExactly("0 @ 0.0", "20000 @ 0.125", "20000 @ 0.125", "20000 @ 0.125");
		PhaseRunner.Phase max = phases.get(0);
		assertThat(List.of(max.startMillis(), max.measuredFromMillis(), max.measuredToMillis()))
			.containsExactly(T0, T0 + 10_000, T0 + 40_000);
		assertThat(max.measured().httpEvents()).isEqualTo(30 * 35_000);
		assertThat(max.measured().amqpEvents()).isEqualTo(30 * 5_000);
		assertThat(max.acceptedPerSecond()).isEqualTo(40_000.0);
		PhaseRunner.Phase half = phases.get(1);
		assertThat(List.of(half.startMillis(), half.measuredFromMillis(), half.measuredToMillis()))
			.containsExactly(T0 + 40_000, T0 + 45_000, T0 + 75_000);
		assertThat(half.targetEventsPerSecond()).isEqualTo(20_000.0);
		assertThat(half.measured().amqpEvents()).isEqualTo(30 * 2_500);
		assertThat(half.kill()).isNull();
		// recovery: warm-up to 115 s, kill at 125 s, ready at 140 s, then 40 s more (longer than --duration)
		PhaseRunner.Phase recovery = phases.get(3);
		assertThat(List.of(recovery.startMillis(), recovery.measuredFromMillis(), recovery.measuredToMillis()))
			.containsExactly(T0 + 110_000, T0 + 115_000, T0 + 180_000);
		assertThat(recovery.kill()).extracting(PhaseRunner.Kill::killedAtMillis, PhaseRunner.Kill::readyAtMillis)
			.containsExactly(T0 + 125_000, T0 + 140_000);
		assertThat(this.world.crashes).containsExactly("kill at 125000", "ready at 140000");
	}

	@Test
	void aRecoveryPhaseShorterThanDurationEndsAtTheDuration() throws InterruptedException {
		List<PhaseRunner.Phase> phases = new PhaseRunner(this.world,
				options("--launch=true", "--rates=max", "--recovery=true", "--duration=2m", "--warmup=0",
						"--phase-warmup=0"),
				this.world, this.world)
			.run();

		PhaseRunner.Phase recovery = phases.get(1);
		assertThat(recovery.measuredToMillis() - recovery.measuredFromMillis()).isEqualTo(120_000);
		assertThat(recovery.kill()).extracting(PhaseRunner.Kill::killedAtMillis, PhaseRunner.Kill::readyAtMillis)
			.containsExactly(T0 + 130_000, T0 + 145_000);
	}

	@Test
	void withoutAMaxPhaseAnAbsoluteRateGivesAmqpUpToItsCap() throws InterruptedException {
		// --amqp-rate=5000 (the default): 5,000 of 10,000 on AMQP, all of 2,000
		new PhaseRunner(this.world, options("--rates=10000,2000", "--duration=1s", "--warmup=0", "--phase-warmup=0"),
				null, this.world)
			.run();
		new PhaseRunner(this.world, options("--rates=10000", "--amqp-publishers=0", "--duration=1s"), null, this.world)
			.run();

		assertThat(this.world.rates).containsExactly("10000 @ 0.5", "2000 @ 1.0", "10000 @ 0.0");
	}

	/** The clock, the load and processing. */
	private static final class World implements PhaseRunner.Clock, PhaseRunner.Load, PhaseRunner.Crash {

		long now = T0;

		double rate;

		double amqpFraction;

		double http;

		double amqp;

		final List<String> rates = new ArrayList<>();

		final List<String> crashes = new ArrayList<>();

		@Override
		public long millis() {
			return this.now;
		}

		@Override
		public void sleepUntil(long millis) {
			if (millis > this.now) {
				double seconds = (millis - this.now) / 1000.0;
				this.http += seconds * ((this.rate == 0) ? 35_000 : this.rate * (1 - this.amqpFraction));
				this.amqp += seconds * ((this.rate == 0) ? 5_000 : this.rate * this.amqpFraction);
				this.now = millis;
			}
		}

		@Override
		public void rate(double eventsPerSecond, double amqpFraction) {
			this.rate = eventsPerSecond;
			this.amqpFraction = amqpFraction;
			this.rates.add(Math.round(eventsPerSecond) + " @ " + amqpFraction);
		}

		@Override
		public LoadDriver.Counters counters() {
			return new LoadDriver.Counters(Math.round(this.http), 0, Math.round(this.amqp), 0, 0, 0);
		}

		@Override
		public void kill() {
			this.crashes.add("kill at " + (this.now - T0));
		}

		@Override
		public void restart() {
			sleepUntil(this.now + 15_000);
			this.crashes.add("ready at " + (this.now - T0));
		}

	}

}
