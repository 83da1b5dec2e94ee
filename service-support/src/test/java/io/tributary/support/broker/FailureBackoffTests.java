package io.tributary.support.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pause after failed deliveries: doubles up to the maximum, starts again after a success. */
class FailureBackoffTests {

	private final List<Duration> slept = new ArrayList<>();

	@Test
	void pausesDoubleWhileFailuresContinueUpToTheMaximum() {
		FailureBackoff backoff = new FailureBackoff(Duration.ofMillis(100), Duration.ofMillis(350), this.slept::add);

		for (int i = 0; i < 5; i++) {
			backoff.pause();
		}

		assertThat(this.slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350),
				Duration.ofMillis(350), Duration.ofMillis(350));
	}

	@Test
	void aSuccessStartsAgainFromTheFirstPause() {
		FailureBackoff backoff = new FailureBackoff(Duration.ofMillis(100), Duration.ofSeconds(5), this.slept::add);
		backoff.pause();
		backoff.pause();

		backoff.reset();
		backoff.pause();

		assertThat(this.slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(100));
	}

	@Test
	void aMaximumEqualToTheFirstPauseIsAFixedPause() {
		FailureBackoff backoff = new FailureBackoff(Duration.ofMillis(500), Duration.ofMillis(500), this.slept::add);

		for (int i = 0; i < 3; i++) {
			backoff.pause();
		}

		assertThat(this.slept).containsOnly(Duration.ofMillis(500)).hasSize(3);
	}

	@Test
	void aMaximumBelowTheFirstPauseIsTheFirstPause() {
		FailureBackoff backoff = new FailureBackoff(Duration.ofMillis(300), Duration.ofMillis(100), this.slept::add);

		backoff.pause();
		backoff.pause();

		assertThat(this.slept).containsExactly(Duration.ofMillis(300), Duration.ofMillis(300));
	}

	@Test
	void anInterruptedPauseEndsAtOnceKeepingTheInterrupt() {
		FailureBackoff backoff = new FailureBackoff(Duration.ofMillis(100), Duration.ofMillis(100), (d) -> {
			throw new InterruptedException();
		});
		backoff.pause();

		assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
	}

}
