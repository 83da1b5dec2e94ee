/**
 * Broker behaviour the services share when they run on Kafka (Spring profile {@code kafka}). Needs
 * {@code spring-kafka}, an optional dependency of the contract that the services bring with the
 * Kafka binder.
 */
@NullMarked
package io.tributary.contract.broker;

import org.jspecify.annotations.NullMarked;
