package io.tributary.support.metrics;

/**
 * One queue (RabbitMQ) or topic and group (Kafka) a consumer binding reads.
 *
 * @param binding     the binding's name, e.g. {@code store-in-0}
 * @param destination the exchange or topic
 * @param group       the consumer group
 * @param queue       the RabbitMQ queue (the binder's {@code destination.group}, with {@code -index}
 *                    for a partitioned consumer); for Kafka the topic
 */
record InputQueue(String binding, String destination, String group, String queue) {
}
