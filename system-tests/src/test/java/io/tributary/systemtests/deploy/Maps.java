package io.tributary.systemtests.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Typed access to parsed YAML (maps of maps), with failures that name the path that was wrong. */
final class Maps {

	private Maps() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(@Nullable Object value, String what) {
		if (!(value instanceof Map<?, ?> m)) {
			throw new IllegalArgumentException(what + " is not a mapping: " + value);
		}
		return (Map<String, Object>) m;
	}

	static Map<String, Object> mapOrEmpty(@Nullable Object value, String what) {
		return (value == null) ? Map.of() : map(value, what);
	}

	static List<Object> list(@Nullable Object value, String what) {
		if (!(value instanceof List<?> l)) {
			throw new IllegalArgumentException(what + " is not a list: " + value);
		}
		return new ArrayList<>(l);
	}

	static List<Object> listOrEmpty(@Nullable Object value, String what) {
		return (value == null) ? List.of() : list(value, what);
	}

	/** The value at a dotted path ({@code spec.template.spec}), or null when any step is missing. */
	static @Nullable Object at(Map<String, Object> root, String dottedPath) {
		Object current = root;
		for (String step : dottedPath.split("\\.")) {
			if (!(current instanceof Map<?, ?> m)) {
				return null;
			}
			current = m.get(step);
		}
		return current;
	}

	/** Nested maps flattened to dotted keys, as Spring sees an application.yml. */
	static Map<String, Object> flatten(Map<String, Object> root) {
		Map<String, Object> flat = new LinkedHashMap<>();
		flatten("", root, flat);
		return flat;
	}

	private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> flat) {
		for (Map.Entry<String, Object> e : map.entrySet()) {
			String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
			if (e.getValue() instanceof Map<?, ?> nested) {
				flatten(key, map(nested, key), flat);
			}
			else {
				flat.put(key, e.getValue());
			}
		}
	}

}
