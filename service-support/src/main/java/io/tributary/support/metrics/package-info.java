/**
 * Meters every service with broker input shares: the depth of the queues (RabbitMQ) or the consumer
 * lag (Kafka) of its consumer bindings, polled every few seconds, and the latency of the broker hop
 * into each consuming stage and the stage's time per delivery ({@link HopLatency}).
 */
@NullMarked
package io.tributary.support.metrics;

import org.jspecify.annotations.NullMarked;
