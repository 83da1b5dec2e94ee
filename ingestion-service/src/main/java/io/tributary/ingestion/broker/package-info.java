/**
 * Broker input: messages published to the ingest exchange ({@code <ns>.ingest}, routing key = stream)
 * take the same validation as HTTP requests; valid ones are forwarded with confirms before they are
 * acked, invalid ones are dead-lettered with the reason.
 */
@NullMarked
package io.tributary.ingestion.broker;

import org.jspecify.annotations.NullMarked;
