package io.tributary.ingestion.lookup;

import java.util.Collection;
import java.util.List;

/** A lookup table that the pipeline file does not declare. */
public class UnknownLookupException extends RuntimeException {

	UnknownLookupException(String table, Collection<String> declared) {
		super("lookup table '" + table + "' is not declared in the pipeline file; declared lookups: "
				+ List.copyOf(declared), null, false, false);
	}

}
