package io.tributary.ingestion.backpressure;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The admission decision against an accept-lag source, a depth source and a clock the test sets. */
class AdmissionTests {

	private static final long MAX = 100;

	private static final Duration MAX_DELAY = Duration.ofSeconds(1);

	private final FakeBacklog backlog = new FakeBacklog();

	private final FakeLag lag = new FakeLag();

	private long nanos = 1_000_000_000L;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Admission admission = new Admission(this.backlog, this.lag,
			new Admission.Limits(MAX, MAX_DELAY, Duration.ofSeconds(2), Duration.ofSeconds(1)), () -> this.nanos,
			this.meters);

	@Test
	void admitsBeforeTheFirstSample() {
		this.backlog.waiting = 1_000_000;
		assertThatNoException().isThrownBy(this.admission::admit);
	}

	@Test
	void admitsUpToTheLimitAndRefusesOneMessageAboveIt() {
		this.backlog.waiting = MAX;
		this.admission.sample();
		assertThatNoException().isThrownBy(this.admission::admit);

		this.backlog.waiting = MAX + 1;
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).isInstanceOfSatisfying(BacklogTooLargeException.class, (ex) -> {
			assertThat(ex.backlog()).isEqualTo(101);
			assertThat(ex.maxBacklog()).isEqualTo(100);
			assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1));
			assertThat(ex.getMessage()).contains("101 messages wait");
		});
		assertThat(this.meters.get("tributary.ingestion.refused").tag("reason", "backlog").counter().count())
			.isEqualTo(1.0);
		assertThat(this.meters.get("tributary.ingestion.backlog").gauge().value()).isEqualTo(101.0);
	}

	@Test
	void admitsAgainOnceTheBacklogDrained() {
		this.backlog.waiting = 5_000;
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).isInstanceOf(BacklogTooLargeException.class);

		this.backlog.waiting = 0;
		this.admission.sample();
		assertThatNoException().isThrownBy(this.admission::admit);
		assertThat(this.admission.state().refusing()).isNull();
	}

	@Test
	void admitsWhenTheBacklogCannotBeRead() {
		this.backlog.waiting = 5_000;
		this.admission.sample();
		this.backlog.failure = new IllegalStateException("connection refused");
		this.admission.sample();

		assertThatNoException().isThrownBy(this.admission::admit);
		assertThat(this.admission.state().backlog()).isNull();
		assertThat(this.meters.get("tributary.ingestion.backlog").gauge().value()).isNaN();
	}

	@Test
	void admitsWhenTheLastSampleIsStale() {
		this.backlog.waiting = 5_000;
		this.admission.sample();
		this.nanos += Duration.ofSeconds(2).toNanos();
		assertThatThrownBy(this.admission::admit).as("exactly as old as allowed").isInstanceOf(BacklogTooLargeException.class);

		this.nanos += 1;
		assertThatNoException().isThrownBy(this.admission::admit);
		assertThat(this.admission.state().refusing()).isNull();
	}

	@Test
	void admitsEverythingWhenOff() {
		Admission off = new Admission(null, null,
				new Admission.Limits(0, Duration.ofMillis(1), Duration.ofSeconds(2), Duration.ofSeconds(1)),
				() -> this.nanos, new SimpleMeterRegistry());
		off.sample();
		assertThatNoException().isThrownBy(off::admit);
		assertThat(off.state().enabled()).isFalse();
	}

	// --- accept lag ------------------------------------------------------------------------------------

	@Test
	void admitsUpToTheMaxDelayAndRefusesAMillisecondAboveIt() {
		this.lag.millis = OptionalLong.of(1_000);
		this.admission.sample();
		assertThatNoException().isThrownBy(this.admission::admit);

		this.lag.millis = OptionalLong.of(1_001);
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).isInstanceOfSatisfying(AcceptLagTooLongException.class, (ex) -> {
			assertThat(ex.acceptLagMillis()).isEqualTo(1_001);
			assertThat(ex.maxDelayMillis()).isEqualTo(1_000);
			assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1));
			assertThat(ex.getMessage()).contains("waited up to 1001 ms");
		});
		assertThat(this.meters.get("tributary.ingestion.refused").tag("reason", "lag").counter().count()).isEqualTo(1.0);
		assertThat(this.meters.get("tributary.ingestion.refused").tag("reason", "backlog").counter().count()).isZero();
		assertThat(this.meters.get("tributary.ingestion.accept.lag").timeGauge().value(TimeUnit.SECONDS))
			.isCloseTo(1.001, within(1e-9));
		assertThat(this.admission.state().refusing()).isEqualTo(Admission.Reason.LAG);
		assertThat(this.admission.state().acceptLagMillis()).isEqualTo(1_001);
	}

	@Test
	void onceRefusingForLagAdmitsAgainOnlyBelowHalfTheMaxDelay() {
		this.lag.millis = OptionalLong.of(1_400);
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).isInstanceOf(AcceptLagTooLongException.class);

		this.lag.millis = OptionalLong.of(900);
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).as("below the limit, above half of it").isInstanceOf(
				AcceptLagTooLongException.class);
		this.lag.millis = OptionalLong.of(500);
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).as("exactly half").isInstanceOf(AcceptLagTooLongException.class);

		this.lag.millis = OptionalLong.of(499);
		this.admission.sample();
		assertThatNoException().isThrownBy(this.admission::admit);
		this.lag.millis = OptionalLong.of(900);
		this.admission.sample();
		assertThatNoException().as("rising again below the limit").isThrownBy(this.admission::admit);
	}

	@Test
	void refusesForLagWhateverTheBacklogAndForTheBacklogWhenTheLagIsLow() {
		this.lag.millis = OptionalLong.of(5_000);
		this.backlog.waiting = 5_000;
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).isInstanceOf(AcceptLagTooLongException.class);

		this.lag.millis = OptionalLong.of(0);
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).as("the backstop").isInstanceOf(BacklogTooLargeException.class);
		assertThat(this.admission.state().refusing()).isEqualTo(Admission.Reason.BACKLOG);
	}

	@Test
	void noFreshReportLeavesTheBacklogToDecide() {
		this.lag.millis = OptionalLong.of(5_000);
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).isInstanceOf(AcceptLagTooLongException.class);

		// processing stopped: its reports went stale and RedisAcceptLag finds none fresh
		this.lag.millis = OptionalLong.empty();
		this.admission.sample();
		assertThatNoException().isThrownBy(this.admission::admit);
		assertThat(this.admission.state().acceptLagMillis()).isNull();
		assertThat(this.meters.get("tributary.ingestion.accept.lag").timeGauge().value(TimeUnit.MILLISECONDS)).isNaN();

		this.backlog.waiting = MAX + 1;
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).isInstanceOf(BacklogTooLargeException.class);
	}

	@Test
	void admitsWhenTheLagCannotBeRead() {
		this.lag.millis = OptionalLong.of(5_000);
		this.admission.sample();
		this.lag.failure = new IllegalStateException("Redis connection refused");
		this.admission.sample();

		assertThatNoException().isThrownBy(this.admission::admit);
		assertThat(this.admission.state().acceptLagMillis()).isNull();

		this.lag.failure = null;
		this.admission.sample();
		assertThatThrownBy(this.admission::admit).as("readable again").isInstanceOf(AcceptLagTooLongException.class);
	}

	@Test
	void admitsWhenTheLastLagSampleIsStale() {
		this.lag.millis = OptionalLong.of(5_000);
		this.admission.sample();
		this.nanos += Duration.ofSeconds(2).toNanos();
		assertThatThrownBy(this.admission::admit).isInstanceOf(AcceptLagTooLongException.class);

		this.nanos += 1;
		assertThatNoException().isThrownBy(this.admission::admit);
		assertThat(this.admission.state().refusing()).isNull();
	}

	@Test
	void watchesProcessingsQueueEveryPartitionQueueAndStoragesQueue() {
		assertThat(BackpressureConfiguration.downstreamQueues("ns", 3)).containsExactly("ns.events.processing",
				"ns.keyed.window-0", "ns.keyed.window-1", "ns.keyed.window-2", "ns.results.storage");
	}

	private static final class FakeLag implements AcceptLagSource {

		OptionalLong millis = OptionalLong.of(0);

		RuntimeException failure;

		@Override
		public OptionalLong largestFreshLagMillis() {
			if (this.failure != null) {
				throw this.failure;
			}
			return this.millis;
		}

	}

	private static final class FakeBacklog implements BacklogSource {

		long waiting;

		RuntimeException failure;

		@Override
		public long waitingMessages() {
			if (this.failure != null) {
				throw this.failure;
			}
			return this.waiting;
		}

		@Override
		public String describe() {
			return "fake";
		}

	}

}
