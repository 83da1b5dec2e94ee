package io.tributary.processing.window;

import java.util.Map;

/**
 * A partition's checkpointed state exactly as the Redis hashes hold it: the windows hash, the dedup
 * hash of each pipeline (by pipeline name) and the meta hash.
 */
public record PartitionSnapshot(Map<String, String> windows, Map<String, Map<String, String>> dedupByPipeline,
		Map<String, String> meta) {

	public PartitionSnapshot {
		windows = Map.copyOf(windows);
		dedupByPipeline = Map.copyOf(dedupByPipeline);
		meta = Map.copyOf(meta);
	}

	/** The state of a partition that was never checkpointed. */
	public static PartitionSnapshot empty() {
		return new PartitionSnapshot(Map.of(), Map.of(), Map.of());
	}

}
