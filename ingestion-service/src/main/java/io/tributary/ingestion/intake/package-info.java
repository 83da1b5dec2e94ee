/**
 * The core of ingestion, free of Spring: reads a request or message body into events, validates
 * them against their stream's declaration (id field, time field, JSON Schema) and builds the
 * {@link io.tributary.contract.EventBatch} to forward, or says exactly what is wrong with which event.
 */
@NullMarked
package io.tributary.ingestion.intake;

import org.jspecify.annotations.NullMarked;
