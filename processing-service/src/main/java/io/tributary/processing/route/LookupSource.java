package io.tributary.processing.route;

import org.jspecify.annotations.Nullable;

/** Where enrichment finds lookup-table values. */
public interface LookupSource {

	/** The value stored under {@code key} in {@code table} (already parsed from JSON), or null. */
	@Nullable Object get(String table, String key);

}
