/**
 * Lookup tables: key to value tables declared in the pipeline file, upserted over REST into Redis,
 * read by processing's enrichment.
 */
@NullMarked
package io.tributary.ingestion.lookup;

import org.jspecify.annotations.NullMarked;
