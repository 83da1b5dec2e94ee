package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.util.Map;

/**
 * Pipeline files for the system tests: the YSB job (views per campaign in 10 s tumbling windows, 5 s
 * allowed lateness, 2 s max out-of-orderness, 3 s idle timeout, latency aggregates, interim results
 * every second), once per (pipeline, stream) so that tests sharing services never share a watermark,
 * plus a probe pipeline that shows when the lookup table has reached processing.
 */
final class PipelineYaml {

	static final Duration WINDOW = Duration.ofSeconds(10);

	static final Duration ALLOWED_LATENESS = Duration.ofSeconds(5);

	static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

	static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

	static final String LOOKUP = "campaigns";

	static final String PROBE_STREAM = "probe-events";

	static final String PROBE_PIPELINE = "probe";

	/** The YSB aggregates, as the reference computes them; the same text goes into the file. */
	static final Map<String, String> AGGREGATES = YsbAggregates.ALL;

	private PipelineYaml() {
	}

	/**
	 * A pipeline file with more streams and pipelines: {@code streams} and {@code pipelines} are
	 * YAML entries indented as under those sections of {@code file}.
	 */
	static String with(String file, String streams, String pipelines) {
		int at = file.indexOf("streams:\n") + "streams:\n".length();
		return file.substring(0, at) + streams + file.substring(at) + pipelines;
	}

	/** @param pipelineToStream each YSB pipeline and the stream it reads (each stream declared once) */
	static String ysb(Map<String, String> pipelineToStream) {
		return ysb(pipelineToStream, Map.of());
	}

	/**
	 * As {@link #ysb(Map)}, with another allowed lateness for some pipelines (default
	 * {@link #ALLOWED_LATENESS}).
	 */
	static String ysb(Map<String, String> pipelineToStream, Map<String, Duration> allowedLateness) {
		StringBuilder yaml = new StringBuilder("streams:\n");
		for (String stream : new java.util.TreeSet<>(pipelineToStream.values())) {
			yaml.append("  ").append(stream).append(":\n    time-field: event_time\n    id-field: event_id\n");
		}
		yaml.append("  ").append(PROBE_STREAM).append(":\n    time-field: event_time\n    id-field: event_id\n");
		yaml.append("lookups:\n  ").append(LOOKUP).append(": {}\n");
		yaml.append("pipelines:\n");
		pipelineToStream.forEach((pipeline, stream) -> {
			yaml.append("  ").append(pipeline).append(":\n");
			yaml.append("    source: ").append(stream).append('\n');
			yaml.append("    filter: event.event_type == \"view\"\n");
			yaml.append("    enrich:\n      - lookup: ").append(LOOKUP).append("\n        key: event.ad_id\n")
				.append("        as: campaign_id\n");
			yaml.append("    key-by: campaign_id\n");
			yaml.append("    window: { type: tumbling, size: ").append(WINDOW.toSeconds()).append("s, allowed-lateness: ")
				.append(allowedLateness.getOrDefault(pipeline, ALLOWED_LATENESS).toSeconds()).append("s }\n");
			yaml.append("    watermark: { max-out-of-orderness: ").append(MAX_OUT_OF_ORDERNESS.toSeconds())
				.append("s, idle-timeout: ").append(IDLE_TIMEOUT.toSeconds()).append("s }\n");
			yaml.append("    aggregate:\n");
			AGGREGATES.forEach((name, spec) -> yaml.append("      ").append(name).append(": ").append(spec).append('\n'));
			yaml.append("    emit: { every: 1s, final: true }\n");
			yaml.append("    retention: 1d\n");
		});
		yaml.append("  ").append(PROBE_PIPELINE).append(":\n");
		yaml.append("    source: ").append(PROBE_STREAM).append('\n');
		yaml.append("    enrich:\n      - lookup: ").append(LOOKUP).append("\n        key: event.ad_id\n")
			.append("        as: campaign_id\n");
		yaml.append("    key-by: campaign_id\n");
		yaml.append("    window: { type: tumbling, size: 10s }\n");
		yaml.append("    watermark: { max-out-of-orderness: 0s, idle-timeout: 1s }\n");
		yaml.append("    aggregate:\n      probes: count\n");
		yaml.append("    emit: { every: 1s, final: true }\n");
		yaml.append("    retention: 1d\n");
		return yaml.toString();
	}

}
