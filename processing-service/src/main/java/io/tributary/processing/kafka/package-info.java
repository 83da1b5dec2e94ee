/**
 * Running on Kafka (Spring profile {@code kafka}): the window stage's partitions follow the
 * consumer group's assignment, and failed deliveries are read again.
 */
@NullMarked
package io.tributary.processing.kafka;

import org.jspecify.annotations.NullMarked;
