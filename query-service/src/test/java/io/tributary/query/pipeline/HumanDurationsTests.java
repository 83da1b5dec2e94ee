package io.tributary.query.pipeline;

import java.time.Duration;

import io.tributary.contract.pipeline.Durations;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HumanDurationsTests {

	@Test
	void writesTheLargestUnitThatDividesExactly() {
		assertThat(HumanDurations.format(Duration.ofSeconds(10))).isEqualTo("10s");
		assertThat(HumanDurations.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(HumanDurations.format(Duration.ofMinutes(5))).isEqualTo("5m");
		assertThat(HumanDurations.format(Duration.ofHours(2))).isEqualTo("2h");
		assertThat(HumanDurations.format(Duration.ofDays(7))).isEqualTo("7d");
		assertThat(HumanDurations.format(Duration.ofHours(36))).isEqualTo("36h");
		assertThat(HumanDurations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(HumanDurations.format(Duration.ZERO)).isEqualTo("0s");
	}

	@Test
	void fallsBackToIsoWhenNoUnitFits() {
		assertThat(HumanDurations.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
	}

	@Test
	void writesWhatThePipelineFileParserReadsBackToTheSameDuration() {
		for (long millis : new long[] { 1, 999, 1000, 59_000, 60_000, 3_600_000, 86_400_000, 90_061_001 }) {
			Duration d = Duration.ofMillis(millis);
			assertThat(Durations.parse(HumanDurations.format(d))).isEqualTo(d);
		}
	}

}
