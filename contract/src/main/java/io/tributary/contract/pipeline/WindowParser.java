package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a pipeline's {@code window}: a tumbling (size), hopping (size, slide) or session (gap)
 * window with its allowed lateness, refusing the properties that do not apply to its type and a
 * slide that is longer than the size or puts an event in too many windows.
 */
final class WindowParser {

	private final YamlNodes nodes;

	WindowParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	@Nullable WindowSpec parse(Node node, String path) {
		Map<String, Node> m = this.nodes.mapping(node, path, Set.of("type", "size", "slide", "gap", "allowed-lateness"));
		if (m == null) {
			return null;
		}
		String typeText = this.nodes.required(m, node, path, "type");
		if (typeText == null) {
			return null;
		}
		WindowSpec.Type type;
		try {
			type = WindowSpec.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			this.nodes.problem(m.get("type"), path + ".type", "unknown window type '" + typeText
					+ "'; use tumbling (size), hopping (size, slide) or session (gap)");
			return null;
		}
		refuseWhatDoesNotApply(m, path, type, typeText);
		return type == WindowSpec.Type.SESSION ? session(m, node, path) : sized(m, node, path, type, typeText);
	}

	private void refuseWhatDoesNotApply(Map<String, Node> m, String path, WindowSpec.Type type, String typeText) {
		List<String> unexpected = switch (type) {
			case TUMBLING -> List.of("slide", "gap");
			case HOPPING -> List.of("gap");
			case SESSION -> List.of("size", "slide");
		};
		for (String name : unexpected) {
			if (m.containsKey(name)) {
				String hint = (type == WindowSpec.Type.SESSION)
						? ": a session lasts from its first event to its last plus 'gap'" : "";
				this.nodes.problem(m.get(name), path + "." + name,
						"'" + name + "' does not apply to a " + typeText + " window" + hint);
			}
		}
	}

	private @Nullable WindowSpec session(Map<String, Node> m, Node node, String path) {
		if (m.get("gap") == null) {
			this.nodes.problem(node, path,
					"'gap' is required for a session window (the inactivity that ends a session)");
			return null;
		}
		Duration gap = this.nodes.positiveDuration(m.get("gap"), path + ".gap");
		Duration lateness = lateness(m, path);
		return gap == null || lateness == null || m.containsKey("size") || m.containsKey("slide") ? null
				: this.nodes.build(node, path, () -> new WindowSpec(WindowSpec.Type.SESSION, null, null, gap, lateness));
	}

	/** A tumbling or hopping window. */
	private @Nullable WindowSpec sized(Map<String, Node> m, Node node, String path, WindowSpec.Type type,
			String typeText) {
		Duration size = m.get("size") == null ? null : this.nodes.positiveDuration(m.get("size"), path + ".size");
		if (m.get("size") == null) {
			this.nodes.problem(node, path, "'size' is required for a " + typeText + " window");
		}
		Duration slide = null;
		if (type == WindowSpec.Type.HOPPING) {
			if (m.get("slide") == null) {
				this.nodes.problem(node, path,
						"'slide' is required for a hopping window (how far apart windows start)");
				return null;
			}
			slide = this.nodes.positiveDuration(m.get("slide"), path + ".slide");
			if (slide != null && size != null && !slideFits(m.get("slide"), path + ".slide", size, slide)) {
				return null;
			}
		}
		Duration lateness = lateness(m, path);
		Duration slidePart = slide;
		return size == null || lateness == null || (type == WindowSpec.Type.HOPPING && slide == null) ? null
				: this.nodes.build(node, path, () -> new WindowSpec(type, size, slidePart, null, lateness));
	}

	/** Whether every event falls in at least one and at most {@link PipelineLimits#MAX_WINDOWS_PER_EVENT} windows. */
	private boolean slideFits(Node node, String path, Duration size, Duration slide) {
		if (slide.compareTo(size) > 0) {
			this.nodes.problem(node, path, "must not be longer than 'size': events between windows would belong to none");
			return false;
		}
		if (size.toMillis() / slide.toMillis() > PipelineLimits.MAX_WINDOWS_PER_EVENT) {
			this.nodes.problem(node, path, "puts each event in more than " + PipelineLimits.MAX_WINDOWS_PER_EVENT
					+ " windows (size / slide); use a longer slide");
			return false;
		}
		return true;
	}

	private @Nullable Duration lateness(Map<String, Node> m, String path) {
		return m.get("allowed-lateness") == null ? Duration.ZERO
				: this.nodes.nonNegativeDuration(m.get("allowed-lateness"), path + ".allowed-lateness");
	}

}
