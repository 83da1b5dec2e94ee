package io.tributary.ingestion.lookup;

/** A key that a lookup table does not hold. */
public class LookupKeyNotFoundException extends RuntimeException {

	LookupKeyNotFoundException(String table, String key) {
		super("lookup table '" + table + "' has no entry for key '" + key + "'", null, false, false);
	}

}
