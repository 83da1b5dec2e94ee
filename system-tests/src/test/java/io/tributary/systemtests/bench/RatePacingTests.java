package io.tributary.systemtests.bench;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The pacer on a fake clock: senders simulated event by event (each claims a slot when it is free,
 * sends at the slot and is busy for the send's duration), the rate counted from the send times.
 */
class RatePacingTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong clock = new AtomicLong(5 * SECOND);

	private final RatePacer pacer = new RatePacer(this.clock::get);

	/** Events sent in {@code [from, to)} nanos by {@code senders} senders, each busy {@code sendNanos} per batch. */
	private long simulate(int senders, int batch, long sendNanos, long from, long to) {
		PriorityQueue<long[]> free = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
		for (int i = 0; i < senders; i++) {
			free.add(new long[] { from });
		}
		long sent = 0;
		while (true) {
			long[] sender = free.poll();
			if (sender[0] >= to) {
				return sent;
			}
			this.clock.set(sender[0]);
			long wait = this.pacer.claim(batch);
			assertThat(wait).isNotNegative();
			long sendAt = sender[0] + wait;
			if (sendAt < to) {
				sent += batch;
			}
			sender[0] = sendAt + sendNanos;
			free.add(sender);
		}
	}

	@Test
	void oneQuickSenderSendsAtTheTarget() {
		this.pacer.rate(10_000);

		long sent = simulate(1, 500, 3_000_000, this.clock.get(), this.clock.get() + 60 * SECOND);

		// 500 events every 50 ms for 60 s
		assertThat(sent / 60.0).isCloseTo(10_000, within(100.0));
	}

	@Test
	void slowConcurrentSendersTogetherSendAtTheTargetNotEachAtIt() {
		this.pacer.rate(10_000);

		// each sender alone manages 500 / 120 ms = 4,167 events/s; four of them 16,667
		long sent = simulate(4, 500, 120_000_000, this.clock.get(), this.clock.get() + 60 * SECOND);

		assertThat(sent / 60.0).isCloseTo(10_000, within(100.0));
	}

	@Test
	void oddRatesAndBatchesAreHeldOverTime() {
		this.pacer.rate(7_333);

		long sent = simulate(3, 333, 10_000_000, this.clock.get(), this.clock.get() + 120 * SECOND);

		assertThat(sent / 120.0).isCloseTo(7_333, within(73.33));
	}

	@Test
	void sendersSlowerThanTheTargetSendWhatTheyCanAndNoMore() {
		this.pacer.rate(10_000);

		// one sender busy 100 ms per batch of 500: 5,000 events/s at most
		long sent = simulate(1, 500, 100_000_000, this.clock.get(), this.clock.get() + 60 * SECOND);

		assertThat(sent / 60.0).isCloseTo(5_000, within(50.0));
	}

	@Test
	void aStalledScheduleCatchesUpAtMostItsMaximumLagNotInABurst() {
		this.pacer.rate(10_000);
		long start = this.clock.get();
		simulate(1, 500, 1_000_000, start, start + SECOND);

		// senders paused for 5 s (a Retry-After), then one second at full speed
		long resumed = start + 6 * SECOND;
		long sent = simulate(4, 500, 1_000_000, resumed, resumed + SECOND);

		// one second's 10,000 plus at most 200 ms of lag (2,000) and a batch in flight
		assertThat(sent).isBetween(10_000L, 12_500L);
	}

	@Test
	void aNewRateStartsANewScheduleFromNow() {
		this.pacer.rate(1_000);
		long start = this.clock.get();
		simulate(2, 100, 1_000_000, start, start + 10 * SECOND);

		this.pacer.rate(20_000);
		long later = this.clock.get();
		long sent = simulate(2, 100, 1_000_000, later, later + 10 * SECOND);

		assertThat(sent / 10.0).isCloseTo(20_000, within(200.0));
	}

	@Test
	void unpacedSendsAtOnceAndRateZeroSendsNothing() {
		assertThat(this.pacer.claim(500)).isZero();
		assertThat(this.pacer.eventsPerSecond()).isInfinite();

		this.pacer.rate(0);

		assertThat(this.pacer.claim(500)).isEqualTo(RatePacer.STOPPED);

		this.pacer.unpaced();

		assertThat(this.pacer.claim(500)).isZero();
	}

	@Test
	void threadsSharingOnePacerClaimDisjointSlots() throws InterruptedException {
		this.pacer.rate(1_000);
		long start = this.clock.get();
		Thread[] threads = new Thread[4];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = Thread.ofPlatform().start(() -> {
				for (int i = 0; i < 1_000; i++) {
					this.pacer.claim(10);
				}
			});
		}
		for (Thread t : threads) {
			t.join();
		}

		// 4,000 batches of 10 ms each, the clock standing still: the last slot ends 40 s on
		assertThat(this.pacer.claim(10)).isEqualTo(40 * SECOND);
		assertThat(this.clock.get()).isEqualTo(start);
	}

	@Test
	void aLingerMakesBatchesOfWhatIsDueWithinItAndAtMostTheBatchSize() {
		this.pacer.rate(5_000);
		assertThat(this.pacer.batchSize(500, Duration.ofMillis(5))).isEqualTo(25);
		assertThat(this.pacer.batchSize(500, Duration.ofMillis(500))).isEqualTo(500);
		assertThat(this.pacer.batchSize(500, Duration.ZERO)).isEqualTo(500);

		this.pacer.rate(10);
		assertThat(this.pacer.batchSize(500, Duration.ofMillis(5))).isEqualTo(1);

		// 25 events every 5 ms is the 5,000 events/s asked for
		this.pacer.rate(5_000);
		assertThat(simulate(1, 25, 0, this.clock.get(), this.clock.get() + SECOND)).isEqualTo(5_000);

		this.pacer.unpaced();
		assertThat(this.pacer.batchSize(500, Duration.ofMillis(5))).isEqualTo(500);
	}

}
