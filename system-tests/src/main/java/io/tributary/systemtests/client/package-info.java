/**
 * Clients of the running services: ingestion over HTTP and AMQP, query over HTTP.
 */
@NullMarked
package io.tributary.systemtests.client;

import org.jspecify.annotations.NullMarked;
