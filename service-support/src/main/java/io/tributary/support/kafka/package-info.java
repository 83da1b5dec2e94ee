/**
 * What the services need when they run on Kafka (Spring profile {@code kafka}): a header mapper for
 * records from any producer, redelivery of failed deliveries, and acknowledged sends of the records
 * a service writes itself. Needs {@code spring-kafka} and the Kafka binder, optional dependencies of
 * this module that the services bring.
 */
@NullMarked
package io.tributary.support.kafka;

import org.jspecify.annotations.NullMarked;
