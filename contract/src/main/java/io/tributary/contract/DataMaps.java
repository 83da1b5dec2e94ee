package io.tributary.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies of event data: JSON objects may hold nulls, which {@code Map.copyOf} rejects. */
final class DataMaps {

	private DataMaps() {
	}

	static <V> Map<String, V> copy(Map<String, V> data) {
		return Collections.unmodifiableMap(new LinkedHashMap<>(data));
	}

}
