package io.tributary.ingestion.backpressure;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admission decision against a depth source and a clock the test sets. */
class AdmissionTests {

	private static final long MAX = 100;

	private final FakeBacklog backlog = new FakeBacklog();

	private long nanos = 1_000_000_000L;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Admission admission = new Admission(this.backlog, MAX, Duration.ofSeconds(2), Duration.ofSeconds(1),
			() -> this.nanos, this.meters);

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
		assertThat(this.admission.state().refusing()).isFalse();
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
		assertThat(this.admission.state().refusing()).isFalse();
	}

	@Test
	void admitsEverythingWhenOff() {
		Admission off = new Admission(null, 0, Duration.ofSeconds(2), Duration.ofSeconds(1), () -> this.nanos,
				new SimpleMeterRegistry());
		off.sample();
		assertThatNoException().isThrownBy(off::admit);
		assertThat(off.state().enabled()).isFalse();
	}

	@Test
	void watchesProcessingsQueueEveryPartitionQueueAndStoragesQueue() {
		assertThat(BackpressureConfiguration.downstreamQueues("ns", 3)).containsExactly("ns.events.processing",
				"ns.keyed.window-0", "ns.keyed.window-1", "ns.keyed.window-2", "ns.results.storage");
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
