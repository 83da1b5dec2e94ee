/**
 * The ingestion service: HTTP and broker input, validated and published to processing with publisher
 * confirms; lookup table upserts.
 */
@NullMarked
package io.tributary.ingestion;

import org.jspecify.annotations.NullMarked;
