package io.tributary.processing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The processing settings that depend on each other: ticks must refresh a lease several times per TTL. */
class ProcessingPropertiesTests {

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

	private static ProcessingProperties.Processing processing(Duration tick, Duration leaseTtl) {
		return new ProcessingProperties.Processing(8, 1, 3, tick, Duration.ofSeconds(10), Duration.ofSeconds(1), leaseTtl);
	}

}
