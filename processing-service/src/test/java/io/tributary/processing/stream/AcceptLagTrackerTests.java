package io.tributary.processing.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.KeyedEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The accept lag against delays worked out by hand, on a clock the test moves. */
class AcceptLagTrackerTests {

	/** On a half-second boundary, so the test knows which half of the window a delivery falls in. */
	private long now = Instant.parse("2026-12-03T08:00:00Z").toEpochMilli();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final AcceptLagTracker tracker = new AcceptLagTracker(() -> this.now, this.meters);

	@Test
	void isZeroBeforeAnythingWasApplied() {
		assertThat(this.tracker.lagMillis()).isZero();
	}

	@Test
	void takesTheDelayOfTheOldestEventOfADelivery() {
		apply(0, waited(120), waited(700), waited(40));
		assertThat(this.tracker.lagMillis()).isEqualTo(700);
		assertThat(this.meters.get("tributary.window.accept.lag").timeGauge().value(TimeUnit.SECONDS)).isEqualTo(0.7);
	}

	@Test
	void isTheLargestOverThePartitions() {
		apply(0, waited(300));
		apply(3, waited(1_500));
		apply(7, waited(20));
		assertThat(this.tracker.lagMillis()).isEqualTo(1_500);
	}

	@Test
	void ignoresEventsWithoutAnIngestTime() {
		apply(0, waited(null), waited(null));
		assertThat(this.tracker.lagMillis()).isZero();
		apply(0, waited(null), waited(250), waited(null));
		assertThat(this.tracker.lagMillis()).isEqualTo(250);
	}

	@Test
	void readsAnIngestTimeAheadOfTheClockAsNoWait() {
		apply(0, waited(-400L));
		assertThat(this.tracker.lagMillis()).isZero();
	}

	@Test
	void aDelayCountsForHalfASecondAtLeastAndASecondAtMostThenDecaysToZero() {
		apply(0, waited(2_000));
		this.now += 499;
		assertThat(this.tracker.lagMillis()).as("same half").isEqualTo(2_000);
		this.now += 1;
		apply(0, waited(100));
		this.now += 499;
		assertThat(this.tracker.lagMillis()).as("the half before counts too").isEqualTo(2_000);
		this.now += 1;
		assertThat(this.tracker.lagMillis()).as("a second later only the later delivery counts").isEqualTo(100);
		this.now += 500;
		assertThat(this.tracker.lagMillis()).as("nothing applied in the last second waited").isZero();
	}

	@Test
	void aPartitionWithoutInputContributesNothingOnceItsDelaysAged() {
		apply(1, waited(3_000));
		this.now += 700;
		apply(2, waited(200));
		assertThat(this.tracker.lagMillis()).isEqualTo(3_000);
		this.now += 400;
		apply(2, waited(150));
		assertThat(this.tracker.lagMillis()).as("partition 1 got nothing for 1.1 s").isEqualTo(200);
	}

	private void apply(int partition, KeyedEvent... events) {
		this.tracker.applied(partition, new ArrayList<>(List.of(events)), Instant.ofEpochMilli(this.now));
	}

	/** An event ingestion accepted {@code millis} before now, or one without an ingest time. */
	private KeyedEvent waited(@Nullable Number millis) {
		Instant ingestTime = (millis != null) ? Instant.ofEpochMilli(this.now - millis.longValue()) : null;
		return new KeyedEvent("p", "k", "e", "i", Instant.EPOCH, Map.of(), ingestTime);
	}

}
