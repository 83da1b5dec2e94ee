package io.tributary.contract.aggregate;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A field of an event's values by dotted path. The whole path is tried as a key first (the route
 * stage may carry {@code a.b} flattened), then as nested objects ({@code {"a": {"b": ...}}}). Public
 * for the engine's graph, which reads its edge fields as the aggregations read theirs.
 */
public final class FieldPath {

	private final String text;

	private final String[] segments;

	public FieldPath(String text) {
		this.text = text;
		this.segments = text.split("\\.", -1);
	}

	public @Nullable Object read(Map<String, ?> values) {
		Object value = values.get(this.text);
		if (value != null || this.segments.length == 1) {
			return value;
		}
		Object current = values;
		for (String segment : this.segments) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(segment);
			if (current == null) {
				return null;
			}
		}
		return current;
	}

	@Override
	public String toString() {
		return this.text;
	}

}
