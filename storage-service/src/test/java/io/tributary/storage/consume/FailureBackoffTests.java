package io.tributary.storage.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureBackoffTests {

	private final List<Duration> pauses = new ArrayList<>();

	private final FailureBackoff backoff = new FailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(1),
			this.pauses::add);

	@Test
	void doublesThePauseWhileFailuresContinueUpToTheMaximum() {
		for (int i = 0; i < 5; i++) {
			this.backoff.pause();
		}

		assertThat(this.pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
	}

	@Test
	void startsOverAfterASuccess() {
		this.backoff.pause();
		this.backoff.pause();
		this.backoff.reset();
		this.backoff.pause();

		assertThat(this.pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(200));
	}

	@Test
	void anInterruptedPauseEndsAtOnceAndKeepsTheInterrupt() {
		FailureBackoff interrupted = new FailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), (d) -> {
			throw new InterruptedException();
		});

		interrupted.pause();

		assertThat(Thread.interrupted()).isTrue();
	}

}
