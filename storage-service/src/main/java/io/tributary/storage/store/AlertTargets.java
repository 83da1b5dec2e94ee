package io.tributary.storage.store;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.NotifyTarget;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFile;

/**
 * The notification targets of each alert rule of the pipeline file, as the alert script's
 * {@code targets} argument: the names comma-separated, empty for a rule that notifies no one.
 */
final class AlertTargets {

	static final AlertTargets NONE = new AlertTargets(Map.of());

	private static final byte[] NO_TARGETS = new byte[0];

	/** pipeline|rule to the encoded names. */
	private final Map<String, byte[]> targets;

	private AlertTargets(Map<String, byte[]> targets) {
		this.targets = Map.copyOf(targets);
	}

	static AlertTargets of(PipelineFile file) {
		Map<String, byte[]> targets = new HashMap<>();
		for (PipelineDefinition pipeline : file.pipelines().values()) {
			for (AlertRule rule : pipeline.alerts()) {
				if (!rule.notifyTargets().isEmpty()) {
					String names = rule.notifyTargets().stream().map(NotifyTarget::name).collect(Collectors.joining(","));
					targets.put(pipeline.name() + "|" + rule.name(), names.getBytes(StandardCharsets.UTF_8));
				}
			}
		}
		return new AlertTargets(targets);
	}

	/** The script argument for alerts of {@code rule}: its target names, or empty. */
	byte[] of(String pipeline, String rule) {
		return this.targets.getOrDefault(pipeline + "|" + rule, NO_TARGETS);
	}

}
