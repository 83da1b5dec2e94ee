package io.tributary.storage.notify;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The waits between attempts: doubling from the first, capped. */
class BackoffTests {

	@Test
	void doublesFromTheFirstWaitUpToTheCap() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

		assertThat(backoff.before(2)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.before(3)).isEqualTo(Duration.ofSeconds(2));
		assertThat(backoff.before(4)).isEqualTo(Duration.ofSeconds(4));
		assertThat(backoff.before(5)).isEqualTo(Duration.ofSeconds(8));
		assertThat(backoff.before(6)).isEqualTo(Duration.ofSeconds(10));
		assertThat(backoff.before(100)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void theFirstAttemptIsNoRetryAndTheCapIsNoLessThanTheFirstWait() {
		Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(50));

		assertThat(backoff.before(9)).isEqualTo(Duration.ofMillis(50));
		assertThatIllegalArgumentException().isThrownBy(() -> backoff.before(1));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
	}

}
