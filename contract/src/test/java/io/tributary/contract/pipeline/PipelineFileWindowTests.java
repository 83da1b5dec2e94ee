package io.tributary.contract.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The {@code window} of a pipeline: tumbling, hopping and session windows, and what the loader refuses. */
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
	void aSessionWindowHasAGap() {
		assertThat(window("{ type: session, gap: 30s, allowed-lateness: 1m }")).isEqualTo(
				new WindowSpec(WindowSpec.Type.SESSION, null, null, Duration.ofSeconds(30), Duration.ofMinutes(1)));
		assertThat(window("{ type: session, gap: 5m }"))
			.isEqualTo(new WindowSpec(WindowSpec.Type.SESSION, null, null, Duration.ofMinutes(5), Duration.ZERO));
	}

	@Test
	void aSessionWindowWithoutAPositiveGapOrWithASizeOrSlideIsRejected() {
		rejected("{ type: session }", "p.yaml:7:13: pipelines.per-page.window: "
				+ "'gap' is required for a session window (the inactivity that ends a session)");
		rejected("{ type: session, gap: 0s }", "p.yaml:7:35: pipelines.per-page.window.gap: must be greater than zero");
		rejected("{ type: session, gap: 30s, size: 1m }", "p.yaml:7:46: pipelines.per-page.window.size: 'size' does not "
				+ "apply to a session window: a session lasts from its first event to its last plus 'gap'");
		rejected("{ type: session, gap: 30s, slide: 1m }", "p.yaml:7:47: pipelines.per-page.window.slide: 'slide' does "
				+ "not apply to a session window: a session lasts from its first event to its last plus 'gap'");
		rejected("{ type: tumbling, size: 1m, gap: 30s }",
				"p.yaml:7:46: pipelines.per-page.window.gap: 'gap' does not apply to a tumbling window");
	}

	@Test
	void anUnknownWindowTypeNamesTheThreeThereAre() {
		rejected("{ type: sliding, size: 1m }", "p.yaml:7:21: pipelines.per-page.window.type: unknown window type "
				+ "'sliding'; use tumbling (size), hopping (size, slide) or session (gap)");
	}

}
