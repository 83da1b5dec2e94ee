package io.tributary.processing.window.assign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import io.tributary.contract.pipeline.WindowSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TumblingWindowsTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private static final Instant END = START.plusSeconds(10);

	private final WindowAssigner windows = WindowAssigner
		.of(new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10), null, null, Duration.ofSeconds(5)));

	@Test
	void eventAtTheStartBelongsToThatWindow() {
		assertThat(this.windows.windowsFor(START)).containsExactly(TimeWindow.of(START, END));
	}

	@Test
	void eventOneMillisecondBeforeTheEndBelongsToTheSameWindow() {
		assertThat(this.windows.windowsFor(END.minusMillis(1))).containsExactly(TimeWindow.of(START, END));
	}

	@Test
	void eventBelowMillisecondResolutionBeforeTheEndBelongsToTheSameWindow() {
		Instant almostEnd = END.minusNanos(1);
		assertThat(this.windows.windowsFor(almostEnd)).containsExactly(TimeWindow.of(START, END));
		assertThat(TimeWindow.of(START, END).contains(almostEnd)).isTrue();
	}

	@Test
	void eventAtTheEndBelongsToTheNextWindow() {
		assertThat(this.windows.windowsFor(END)).containsExactly(TimeWindow.of(END, END.plusSeconds(10)));
		assertThat(TimeWindow.of(START, END).contains(END)).isFalse();
	}

	@Test
	void windowsBeforeTheEpochAreAlignedTheSameWay() {
		Instant before = Instant.ofEpochMilli(-1);
		assertThat(this.windows.windowsFor(before))
			.containsExactly(new TimeWindow(-10_000, 0));
		assertThat(this.windows.windowsFor(Instant.ofEpochMilli(-10_000)))
			.containsExactly(new TimeWindow(-10_000, 0));
		assertThat(this.windows.windowsFor(Instant.ofEpochMilli(-10_001)))
			.containsExactly(new TimeWindow(-20_000, -10_000));
	}

	@Test
	void everyEventTimeFallsInExactlyTheWindowABruteForceScanFinds() {
		Random random = new Random(42);
		long size = 7_300;
		WindowAssigner assigner = WindowAssigner
			.of(new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofMillis(size), null, null, Duration.ZERO));
		for (int i = 0; i < 20_000; i++) {
			long t = random.nextLong(-50_000_000_000L, 50_000_000_000_000L);
			List<TimeWindow> assigned = assigner.windowsFor(Instant.ofEpochMilli(t));
			// reference: walk window starts (multiples of size) from an estimate until one contains t
			long k = t / size - 2;
			while (!((k * size) <= t && t < (k + 1) * size)) {
				k++;
			}
			assertThat(assigned).containsExactly(new TimeWindow(k * size, (k + 1) * size));
			assertThat(assigned.get(0).contains(Instant.ofEpochMilli(t))).isTrue();
		}
	}

	@Test
	void eventsOfTheSameWindowShareItsListAndOnesThatGoBackAndForthAcrossABoundaryGetTheirOwnWindow() {
		Random random = new Random(7);
		long size = 10_000;
		long clock = 1_700_000_000_000L;
		List<TimeWindow> previous = null;
		for (int i = 0; i < 20_000; i++) {
			clock += random.nextInt(3);
			// disorder of up to 2.5 s: events keep crossing back into the window before
			long t = clock - random.nextInt(2_500);
			List<TimeWindow> assigned = this.windows.windowsFor(Instant.ofEpochMilli(t));
			long start = Math.floorDiv(t, size) * size;
			assertThat(assigned).containsExactly(new TimeWindow(start, start + size));
			if (previous != null && previous.get(0).startMillis() == start) {
				// counted ids keep their windows' list until it purges: one list per window, not per event
				assertThat(assigned).isSameAs(previous);
			}
			previous = assigned;
		}
	}

	@Test
	void windowsOrderByEndThenStart() {
		TimeWindow early = new TimeWindow(0, 10);
		TimeWindow longer = new TimeWindow(-5, 10);
		TimeWindow later = new TimeWindow(5, 15);
		assertThat(List.of(later, early, longer).stream().sorted().toList()).containsExactly(longer, early, later);
	}

	@Test
	void anEmptyWindowIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TimeWindow(10, 10));
	}

	@Test
	void theFactoryRejectsSpecsItCannotWindow() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WindowAssigner.of(new WindowSpec(WindowSpec.Type.TUMBLING, null, null, null, Duration.ZERO)))
			.withMessageContaining("size");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WindowAssigner
				.of(new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ZERO, null, null, Duration.ZERO)))
			.withMessageContaining("greater than zero");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WindowAssigner
				.of(new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofNanos(1_500_000), null, null, Duration.ZERO)))
			.withMessageContaining("whole number of milliseconds");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WindowAssigner
				.of(new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(1), null, null, Duration.ofSeconds(-1))))
			.withMessageContaining("negative");
	}

	@Test
	void eventTimesOutOfTheWindowableRangeAreRejectedWithAReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.windows.windowsFor(Instant.MAX))
			.withMessageContaining("out of the windowable range");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.windows.windowsFor(Instant.ofEpochMilli(Long.MAX_VALUE - 1)))
			.withMessageContaining("out of the windowable range");
	}

}
