package io.tributary.contract.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Durations written as a pipeline file lets users write them, read back to the same duration. */
class DurationsFormatTests {

	@Test
	void writesTheLargestUnitThatDividesExactly() {
		assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
		assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
		assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
		assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
		assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
		assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
	}

	@Test
	void fallsBackToIsoWhenNoUnitFits() {
		assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
	}

	@Test
	void writesWhatThePipelineFileParserReadsBackToTheSameDuration() {
		for (long millis : new long[] { 1, 999, 1000, 59_000, 60_000, 3_600_000, 86_400_000, 90_061_001 }) {
			Duration d = Duration.ofMillis(millis);
			assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
		}
	}

}
