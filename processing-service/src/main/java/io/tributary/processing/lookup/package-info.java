/** Lookup tables for enrichment, held in memory and refreshed from Redis when they change. */
@NullMarked
package io.tributary.processing.lookup;

import org.jspecify.annotations.NullMarked;
