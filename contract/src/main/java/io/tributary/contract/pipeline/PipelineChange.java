package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * What running a pipeline's new definition does to the state kept under its old one (the rules of
 * docs/operations.md, "Changing a pipeline", modelled on Flink's savepoint compatibility):
 * <ul>
 * <li>{@link Kind#UNCHANGED}: same definition;</li>
 * <li>{@link Kind#COMPATIBLE}: the state carries over. Metrics added start empty in the windows that
 * are open, metrics removed are dropped; watermark, select, alerts, emit, retention and the stream's
 * {@code max-future} and schema may change freely;</li>
 * <li>{@link Kind#INCOMPATIBLE}: the state cannot mean the same under the new definition (source,
 * its time or id field, filter, enrichments, let, key-by, window, or an aggregation's function,
 * field or arguments under the same name): it must never be reused;</li>
 * <li>{@link Kind#NEW}: nothing was kept before.</li>
 * </ul>
 *
 * @param changes one line per change, e.g. {@code window: tumbling size 10s ... -> tumbling size 20s ...}
 */
public record PipelineChange(String pipeline, Kind kind, List<String> changes) {

	public PipelineChange {
		changes = List.copyOf(changes);
	}

	public enum Kind {

		NEW, UNCHANGED, COMPATIBLE, INCOMPATIBLE

	}

	/** A pipeline never run before. */
	public static PipelineChange fresh(String pipeline) {
		return new PipelineChange(pipeline, Kind.NEW, List.of());
	}

	/** What moving from {@code before} to {@code after} does. */
	public static PipelineChange between(@Nullable PipelineFingerprint before, PipelineFingerprint after) {
		if (before == null) {
			return fresh(after.pipeline());
		}
		List<String> incompatible = new ArrayList<>();
		List<String> compatible = new ArrayList<>();
		for (String key : union(before.state(), after.state())) {
			String was = before.state().get(key);
			String is = after.state().get(key);
			if (Objects.equals(was, is)) {
				continue;
			}
			if (key.startsWith(PipelineFingerprint.AGGREGATE_PREFIX)) {
				String metric = "metric '" + key.substring(PipelineFingerprint.AGGREGATE_PREFIX.length()) + "'";
				if (was == null) {
					compatible.add(metric + " added: " + is + " (starts empty in open windows)");
				}
				else if (is == null) {
					compatible.add(metric + " removed: " + was + " (its state is dropped)");
				}
				else {
					incompatible.add(metric + ": " + was + " -> " + is);
				}
			}
			else {
				incompatible.add(describe(key, was, is));
			}
		}
		for (String key : union(before.settings(), after.settings())) {
			String was = before.settings().get(key);
			String is = after.settings().get(key);
			if (!Objects.equals(was, is)) {
				compatible.add(describe(key, was, is));
			}
		}
		if (!incompatible.isEmpty()) {
			List<String> all = new ArrayList<>(incompatible);
			all.addAll(compatible);
			return new PipelineChange(after.pipeline(), Kind.INCOMPATIBLE, all);
		}
		if (!compatible.isEmpty() || !before.digest().equals(after.digest())) {
			return new PipelineChange(after.pipeline(), Kind.COMPATIBLE, compatible);
		}
		return new PipelineChange(after.pipeline(), Kind.UNCHANGED, List.of());
	}

	private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
		TreeSet<String> keys = new TreeSet<>(a.keySet());
		keys.addAll(b.keySet());
		return keys;
	}

	private static String describe(String key, @Nullable String was, @Nullable String is) {
		if (was == null) {
			return key + " added: " + is;
		}
		if (is == null) {
			return key + " removed: " + was;
		}
		return key + ": " + show(was) + " -> " + show(is);
	}

	private static String show(String value) {
		return value.isEmpty() ? "(none)" : value;
	}

	/** The changes on one line, for a log or a command's output. */
	public String summary() {
		return this.changes.isEmpty() ? "no change" : String.join("; ", this.changes);
	}

}
