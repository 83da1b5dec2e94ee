package io.tributary.processing;

import java.time.Duration;
import java.util.Map;

import io.tributary.processing.version.IncompatibleChangePolicy;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The processing settings: their defaults as bound from configuration, and the settings that depend
 * on each other (ticks must refresh a lease several times per TTL; the failure back-off grows only).
 */
class ProcessingPropertiesTests {

	private static final ProcessingProperties.Processing.Standby NO_STANDBY = new ProcessingProperties.Processing.Standby(
			false, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60));

	private static final ProcessingProperties.Processing.Checkpoint NO_REPLICA_WAIT = new ProcessingProperties.Processing.Checkpoint(
			0, Duration.ofSeconds(1), Duration.ofMillis(100));

	@Test
	void checkpointsWaitForNoReplicaUnlessToldTo() {
		ProcessingProperties.Processing.Checkpoint byDefault = bind(Map.of()).processing().checkpoint();
		ProcessingProperties.Processing.Checkpoint told = bind(Map.of("tributary.processing.checkpoint.replicas-to-wait",
				"1", "tributary.processing.checkpoint.replica-wait-timeout", "250ms"))
			.processing()
			.checkpoint();

		assertThat(byDefault.replicasToWait()).isZero();
		assertThat(byDefault.replicaWaitTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(told.replicasToWait()).isEqualTo(1);
		assertThat(told.replicaWaitTimeout()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void checkpointsCoverTheInputOfATenthOfASecondUnlessToldOtherwise() {
		assertThat(bind(Map.of()).processing().checkpoint().interval()).isEqualTo(Duration.ofMillis(100));
		assertThat(bind(Map.of("tributary.processing.checkpoint.interval", "0")).processing().checkpoint().interval())
			.isZero();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProcessingProperties.Processing.Checkpoint(0, Duration.ofSeconds(1), Duration.ofMillis(-1)))
			.withMessageContaining("tributary.processing.checkpoint.interval must not be negative");
	}

	@Test
	void aLeaseTtlOfFiveTicksOrMoreIsAccepted() {
		ProcessingProperties.Processing p = processing(Duration.ofMillis(200), Duration.ofSeconds(1));

		assertThat(p.leaseTtl()).isEqualTo(Duration.ofSeconds(1));
		assertThat(p.ownedPartitions()).containsExactly(1, 4, 7);
	}

	@Test
	void aLeaseTtlShorterThanFiveTicksIsRefusedWithBothSettingsNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> processing(Duration.ofMillis(200), Duration.ofMillis(999)))
			.withMessageContaining("tributary.processing.lease-ttl (PT0.999S)")
			.withMessageContaining("5 tick intervals (PT1S)");
	}

	@Test
	void aTickIntervalThatIsNotPositiveIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> processing(Duration.ZERO, Duration.ofSeconds(15)))
			.withMessageContaining("tick-interval must be positive");
	}

	/** The values the window stage had hard-coded or borrowed from the tick interval before they were settings. */
	@Test
	void defaultsAreTheFormerFixedTimings() {
		ProcessingProperties.Processing p = bind(Map.of()).processing();

		assertThat(p.tickInterval()).isEqualTo(Duration.ofMillis(200));
		assertThat(p.leasePoll()).as("the lease poll was the tick interval").isEqualTo(Duration.ofMillis(200));
		assertThat(p.failureBackoff()).as("the back-off was a fixed 500 ms").isEqualTo(Duration.ofMillis(500));
		assertThat(p.maxFailureBackoff()).as("fixed: it never grew").isEqualTo(Duration.ofMillis(500));
		assertThat(p.leaseTtl()).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void leasePollAndFailureBackoffAreBoundFromTheirOwnKeys() {
		ProcessingProperties.Processing p = bind(Map.of("tributary.processing.tick-interval", "100ms",
				"tributary.processing.lease-poll", "50ms", "tributary.processing.failure-backoff", "1s",
				"tributary.processing.max-failure-backoff", "8s"))
			.processing();

		assertThat(p.tickInterval()).isEqualTo(Duration.ofMillis(100));
		assertThat(p.leasePoll()).isEqualTo(Duration.ofMillis(50));
		assertThat(p.failureBackoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(p.maxFailureBackoff()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void aLeasePollThatIsNotPositiveIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> processing(Duration.ofMillis(200), Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(1)))
			.withMessageContaining("tributary.processing.lease-poll must be positive");
	}

	@Test
	void aFailureBackoffThatIsNotPositiveIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> processing(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(-1), Duration.ofSeconds(1)))
			.withMessageContaining("tributary.processing.failure-backoff must be positive");
	}

	@Test
	void aMaxFailureBackoffBelowTheFailureBackoffIsRefusedWithBothSettingsNamed() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> processing(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(999)))
			.withMessageContaining("tributary.processing.max-failure-backoff (PT0.999S)")
			.withMessageContaining("tributary.processing.failure-backoff (PT1S)");
	}

	@Test
	void anInvalidSettingFailsTheBinding() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("tributary.processing.lease-poll", "0ms")))
			.havingRootCause()
			.withMessageContaining("lease-poll must be positive");
	}

	@Test
	void standbyIsOffByDefaultAndBindsItsTimes() {
		ProcessingProperties.Processing.Standby standby = bind(Map.of()).processing().standby();
		assertThat(standby.enabled()).isFalse();
		assertThat(standby.takeOverAfter()).isEqualTo(Duration.ofMillis(500));
		assertThat(standby.subscribeAfter()).isEqualTo(Duration.ofSeconds(20));
		assertThat(standby.handBackAfter()).isEqualTo(Duration.ofSeconds(60));

		standby = bind(Map.of("tributary.processing.standby.enabled", "true",
				"tributary.processing.standby.take-over-after", "1500ms",
				"tributary.processing.standby.subscribe-after", "0s"))
			.processing()
			.standby();
		assertThat(standby.enabled()).isTrue();
		assertThat(standby.takeOverAfter()).isEqualTo(Duration.ofMillis(1500));
		assertThat(standby.subscribeAfter()).isZero();
	}

	@Test
	void aStandbyThatWouldTakeOverAtOnceIsRefused() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("tributary.processing.standby.take-over-after", "0s")))
			.havingRootCause()
			.withMessageContaining("standby.take-over-after must be positive");
	}

	private static ProcessingProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("tributary", ProcessingProperties.class);
	}

	private static ProcessingProperties.Processing processing(Duration tick, Duration leaseTtl) {
		return new ProcessingProperties.Processing(8, 1, 3, tick, Duration.ofSeconds(10), Duration.ofSeconds(1), leaseTtl,
				Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMinutes(10),
				Duration.ofSeconds(10), IncompatibleChangePolicy.NEW_VERSION, NO_REPLICA_WAIT, true, NO_STANDBY);
	}

	private static ProcessingProperties.Processing processing(Duration tick, Duration leasePoll, Duration failureBackoff,
			Duration maxFailureBackoff) {
		return new ProcessingProperties.Processing(8, 1, 3, tick, Duration.ofSeconds(10), Duration.ofSeconds(1),
				Duration.ofSeconds(15), leasePoll, failureBackoff, maxFailureBackoff, Duration.ofMinutes(10),
				Duration.ofSeconds(10), IncompatibleChangePolicy.NEW_VERSION, NO_REPLICA_WAIT, true, NO_STANDBY);
	}

}
