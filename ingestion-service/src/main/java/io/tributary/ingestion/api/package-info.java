/**
 * The HTTP API: event ingestion and lookup table upserts, with RFC 9457 problem details for every
 * error.
 */
@NullMarked
package io.tributary.ingestion.api;

import org.jspecify.annotations.NullMarked;
