package io.tributary.contract;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** Immutable copies of event data: JSON objects may hold nulls, which {@code Map.copyOf} rejects. */
final class DataMaps {

	private DataMaps() {
	}

	/** An immutable copy in the same order; data that is already such a copy is returned as it is. */
	static <V> Map<String, V> copy(Map<String, V> data) {
		if (data instanceof Frozen<V> frozen) {
			return frozen;
		}
		if (data instanceof JsonObjectData || data instanceof ProjectedData) {
			// immutable too; copying it (or asking its size) would read the whole object it spares reading
			@SuppressWarnings("unchecked")
			Map<String, V> same = (Map<String, V>) (Map<String, ?>) data;
			return same;
		}
		if (data.isEmpty()) {
			// most keyed events of a pipeline that aggregates no field carry none
			return Map.of();
		}
		return new Frozen<>(new LinkedHashMap<>(data));
	}

	/**
	 * Data that nothing else holds (a map a reader just built) made immutable without a copy; a
	 * record built with it keeps it as it is.
	 */
	static <V> Map<String, V> adopt(LinkedHashMap<String, V> fresh) {
		return fresh.isEmpty() ? Map.of() : new Frozen<>(fresh);
	}

	/** A read-only view of a map that only this view reaches, so that it never changes. */
	private static final class Frozen<V> extends AbstractMap<String, V> {

		private final Map<String, V> map;

		private final Set<Map.Entry<String, V>> entries;

		Frozen(LinkedHashMap<String, V> map) {
			this.map = map;
			this.entries = Collections.unmodifiableMap(map).entrySet();
		}

		@Override
		public Set<Map.Entry<String, V>> entrySet() {
			return this.entries;
		}

		@Override
		public int size() {
			return this.map.size();
		}

		@Override
		public @Nullable V get(Object key) {
			return this.map.get(key);
		}

		@Override
		public boolean containsKey(Object key) {
			return this.map.containsKey(key);
		}

	}

}
