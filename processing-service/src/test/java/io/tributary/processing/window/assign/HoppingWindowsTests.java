package io.tributary.processing.window.assign;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.tributary.contract.pipeline.WindowSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HoppingWindowsTests {

	private static WindowAssigner hopping(long sizeMillis, long slideMillis) {
		return WindowAssigner.of(new WindowSpec(WindowSpec.Type.HOPPING, Duration.ofMillis(sizeMillis),
				Duration.ofMillis(slideMillis), null, Duration.ofSeconds(5)));
	}

	@Test
	void anEventBelongsToSizeOverSlideWindowsOrderedByEnd() {
		// 10 s windows every 5 s: an event at 12 s is in [5, 15) and [10, 20)
		assertThat(hopping(10_000, 5_000).windowsFor(Instant.ofEpochMilli(12_000)))
			.containsExactly(new TimeWindow(5_000, 15_000), new TimeWindow(10_000, 20_000));
		// at a window start: [0, 10) ends at 10 and does not contain it
		assertThat(hopping(10_000, 5_000).windowsFor(Instant.ofEpochMilli(10_000)))
			.containsExactly(new TimeWindow(5_000, 15_000), new TimeWindow(10_000, 20_000));
		assertThat(hopping(10_000, 5_000).windowsFor(Instant.ofEpochMilli(9_999)))
			.containsExactly(new TimeWindow(0, 10_000), new TimeWindow(5_000, 15_000));
	}

	@Test
	void aSlideEqualToTheSizeIsATumblingWindow() {
		assertThat(hopping(10_000, 10_000).windowsFor(Instant.ofEpochMilli(12_345)))
			.containsExactly(new TimeWindow(10_000, 20_000));
	}

	@Test
	void everyEventTimeFallsInExactlyTheWindowsABruteForceScanFinds() {
		Random random = new Random(7);
		for (int round = 0; round < 200; round++) {
			long slide = 1 + random.nextInt(5_000);
			long size = slide * (1 + random.nextInt(6)) + (random.nextBoolean() ? random.nextInt((int) slide) : 0);
			WindowAssigner windows = hopping(size, slide);
			for (int i = 0; i < 50; i++) {
				long t = random.nextLong(-1_000_000_000L, 1_000_000_000L);
				List<TimeWindow> expected = new ArrayList<>();
				for (long k = Math.floorDiv(t - size, slide) - 2; k <= Math.floorDiv(t, slide) + 2; k++) {
					long start = k * slide;
					if (start <= t && t < start + size) {
						expected.add(new TimeWindow(start, start + size));
					}
				}
				assertThat(windows.windowsFor(Instant.ofEpochMilli(t))).as("t=%d size=%d slide=%d", t, size, slide)
					.containsExactlyElementsOf(expected);
			}
		}
	}

	@Test
	void aSlideLongerThanTheSizeOrMissingIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> hopping(5_000, 10_000)).withMessageContaining("slide");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WindowAssigner.of(new WindowSpec(WindowSpec.Type.HOPPING, Duration.ofSeconds(10), null,
					null, Duration.ZERO)))
			.withMessageContaining("slide");
	}

}
