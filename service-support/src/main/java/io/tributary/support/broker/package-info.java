/**
 * Broker behaviour the services share: sending to bound outputs ({@link BoundOutputs}), and what
 * they need when they run on Kafka (Spring profile {@code kafka}). Needs {@code spring-cloud-stream}
 * and {@code spring-kafka}, optional dependencies of this module that the services bring with the
 * binders.
 */
@NullMarked
package io.tributary.support.broker;

import org.jspecify.annotations.NullMarked;
