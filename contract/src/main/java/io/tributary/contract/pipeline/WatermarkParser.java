package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/** Parses a pipeline's {@code watermark}: how far it trails the events, and when an idle source lets it advance. */
final class WatermarkParser {

	private final YamlNodes nodes;

	WatermarkParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/** The declared watermark, {@link WatermarkSpec#DEFAULT} when there is none, null when it is wrong. */
	@Nullable WatermarkSpec parse(@Nullable Node node, String path) {
		if (node == null) {
			return WatermarkSpec.DEFAULT;
		}
		Map<String, Node> m = this.nodes.mapping(node, path, Set.of("max-out-of-orderness", "idle-timeout"));
		if (m == null) {
			return null;
		}
		Duration ooo = m.get("max-out-of-orderness") == null ? WatermarkSpec.DEFAULT.maxOutOfOrderness()
				: this.nodes.nonNegativeDuration(m.get("max-out-of-orderness"), path + ".max-out-of-orderness");
		Duration idle = m.get("idle-timeout") == null ? WatermarkSpec.DEFAULT.idleTimeout()
				: this.nodes.positiveDuration(m.get("idle-timeout"), path + ".idle-timeout");
		return ooo == null || idle == null ? null : this.nodes.build(node, path, () -> new WatermarkSpec(ooo, idle));
	}

}
