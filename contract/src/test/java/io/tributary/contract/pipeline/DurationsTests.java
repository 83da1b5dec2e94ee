package io.tributary.contract.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Durations read as users write them, and written back the same way. */
class DurationsTests {

	@Test
	void writesADurationInTheLargestUnitThatDividesIt() {
		assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
		assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
		assertThat(Durations.format(Duration.ofHours(25))).isEqualTo("25h");
		assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
		assertThat(Durations.format(Duration.ofNanos(1))).isEqualTo("PT0.000000001S");
		assertThat(Durations.format(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE).toString());
	}

	@Test
	void readsWhatItWrites() {
		for (Duration d : new Duration[] { Duration.ofMinutes(5), Duration.ofSeconds(90), Duration.ofMillis(1500),
				Duration.ofDays(3), Duration.ofHours(25), Duration.ofNanos(1) }) {
			assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
		}
	}

	@Test
	void refusesADurationTooLongForJava() {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("99999999999999999d"))
			.withMessage("'99999999999999999d' is too long a duration");
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("99999999999999999999ms"))
			.withMessage("'99999999999999999999ms' is too long a duration");
	}

}
