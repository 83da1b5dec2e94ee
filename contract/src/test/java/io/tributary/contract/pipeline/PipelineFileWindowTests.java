package io.tributary.contract.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The {@code window} of a pipeline: tumbling and hopping windows, and what the loader refuses. */
class PipelineFileWindowTests {

	private static String file(String window) {
		return """
				streams:
				  clicks: {}
				pipelines:
				  per-page:
				    source: clicks
				    key-by: page
				    window: %s
				    aggregate:
				      clicks: count
				""".formatted(window);
	}

	private static WindowSpec window(String window) {
		return PipelineFileLoader.load("p.yaml", file(window), null).pipeline("per-page").orElseThrow().window();
	}

	private static void rejected(String window, String problem) {
		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> PipelineFileLoader.load("p.yaml", file(window), null))
			.satisfies((ex) -> assertThat(ex.problems()).containsExactly(problem));
	}

	@Test
	void aHoppingWindowHasASizeAndASlide() {
		assertThat(window("{ type: hopping, size: 1m, slide: 10s, allowed-lateness: 5s }"))
			.isEqualTo(new WindowSpec(WindowSpec.Type.HOPPING, Duration.ofMinutes(1), Duration.ofSeconds(10), null,
					Duration.ofSeconds(5)));
		assertThat(window("{ type: tumbling, size: 10s }")).isEqualTo(
				new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10), null, null, Duration.ZERO));
	}

	@Test
	void aHoppingWindowWithoutASlideOrWithAGapIsRejected() {
		rejected("{ type: hopping, size: 1m }",
				"p.yaml:7:13: pipelines.per-page.window: 'slide' is required for a hopping window (how far apart windows start)");
		rejected("{ type: hopping, size: 1m, slide: 10s, gap: 5s }",
				"p.yaml:7:57: pipelines.per-page.window.gap: 'gap' does not apply to a hopping window");
		rejected("{ type: tumbling, size: 1m, slide: 10s }",
				"p.yaml:7:48: pipelines.per-page.window.slide: 'slide' does not apply to a tumbling window");
	}

	@Test
	void aSlideLongerThanTheSizeOrTooManyWindowsPerEventIsRejected() {
		rejected("{ type: hopping, size: 10s, slide: 1m }",
				"p.yaml:7:48: pipelines.per-page.window.slide: must not be longer than 'size': events between windows would belong to none");
		rejected("{ type: hopping, size: 1h, slide: 1s }", "p.yaml:7:47: pipelines.per-page.window.slide: puts each event in more than "
				+ PipelineFileLoader.MAX_WINDOWS_PER_EVENT + " windows (size / slide); use a longer slide");
	}

	@Test
	void sessionWindowsAreNotAvailableYet() {
		rejected("{ type: session, gap: 30s }", "p.yaml:7:21: pipelines.per-page.window.type: window type 'session' "
				+ "is not available yet; use tumbling (size) or hopping (size, slide)");
	}

}
