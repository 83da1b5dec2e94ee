package io.tributary.support.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A timeout that a pause of the whole process (SIGSTOP, a VM migration) does not use up. */
class PauseTolerantTimeoutTests {

	@Test
	void aFutureCompletedInTimeIsReturned() throws Exception {
		PauseTolerantTimeout timeout = new PauseTolerantTimeout(Duration.ofSeconds(5));

		assertThat(timeout.await(CompletableFuture.completedFuture("confirmed"))).isEqualTo("confirmed");
	}

	@Test
	void aPauseOfTheWholeProcessWhileWaitingDoesNotUseUpTheTimeout() throws Exception {
		// the clock jumps 60 s during the first slice, as it does for a process frozen and thawed then
		PauseTolerantTimeout timeout = new PauseTolerantTimeout(Duration.ofSeconds(5), Duration.ofMillis(100),
				clockJumping(Duration.ofSeconds(60), 2));
		CompletableFuture<String> confirm = new CompletableFuture<>();
		// the answer is read once the process runs again, a moment after the thaw
		confirm.completeOnTimeout("confirmed", 300, TimeUnit.MILLISECONDS);

		assertThat(timeout.await(confirm)).isEqualTo("confirmed");
	}

	@Test
	void aFutureNeverCompletedTimesOutOnceTheBudgetIsSpent() {
		PauseTolerantTimeout timeout = new PauseTolerantTimeout(Duration.ofMillis(300), Duration.ofMillis(100),
				System::nanoTime);

		long started = System.nanoTime();
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> timeout.await(new CompletableFuture<>()));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void everyWaitSpendsTheSameBudget() throws Exception {
		PauseTolerantTimeout timeout = new PauseTolerantTimeout(Duration.ofMillis(200), Duration.ofMillis(50),
				System::nanoTime);
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> timeout.await(new CompletableFuture<>()));

		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> timeout.await(new CompletableFuture<>()));
		assertThat(timeout.await(CompletableFuture.completedFuture("already there"))).isEqualTo("already there");
	}

	/** {@link System#nanoTime()}, and {@code jump} later from reading {@code fromReading} (1 is the first) on. */
	static LongSupplier clockJumping(Duration jump, int fromReading) {
		AtomicInteger readings = new AtomicInteger();
		return () -> System.nanoTime() + ((readings.incrementAndGet() >= fromReading) ? jump.toNanos() : 0);
	}

}
