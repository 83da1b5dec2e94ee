package io.tributary.processing.window.assign;

import java.time.Duration;
import java.time.Instant;

import io.tributary.contract.pipeline.WindowSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionWindowsTests {

	private static WindowAssigner session(Duration gap) {
		return WindowAssigner.of(new WindowSpec(WindowSpec.Type.SESSION, null, null, gap, Duration.ofSeconds(5)));
	}

	@Test
	void anEventMakesTheProtoSessionFromItsTimeToItsTimePlusTheGap() {
		WindowAssigner sessions = session(Duration.ofSeconds(30));

		assertThat(sessions.windowsFor(Instant.ofEpochMilli(12_345)))
			.containsExactly(new TimeWindow(12_345, 42_345));
		assertThat(sessions.isMerging()).isTrue();
		assertThat(sessions.allowedLateness()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void tumblingAndHoppingWindowsDoNotMerge() {
		assertThat(WindowAssigner.of(new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(1), null, null,
				Duration.ZERO)).isMerging()).isFalse();
		assertThat(WindowAssigner.of(new WindowSpec(WindowSpec.Type.HOPPING, Duration.ofSeconds(2),
				Duration.ofSeconds(1), null, Duration.ZERO)).isMerging()).isFalse();
	}

	@Test
	void aGapThatIsMissingNotPositiveOrFinerThanAMillisecondIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> WindowAssigner
			.of(new WindowSpec(WindowSpec.Type.SESSION, null, null, null, Duration.ZERO)))
			.withMessage("a session window needs a gap");
		assertThatIllegalArgumentException().isThrownBy(() -> session(Duration.ZERO))
			.withMessageContaining("greater than zero");
		assertThatIllegalArgumentException().isThrownBy(() -> session(Duration.ofNanos(1_500_000)))
			.withMessageContaining("whole number of milliseconds");
	}

	@Test
	void eventTimesWhoseSessionWouldEndOutOfRangeAreRejectedWithAReason() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> session(Duration.ofSeconds(1)).windowsFor(Instant.ofEpochMilli(Long.MAX_VALUE - 10)))
			.withMessageContaining("out of the windowable range");
	}

}
