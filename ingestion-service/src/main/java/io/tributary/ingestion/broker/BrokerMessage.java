package io.tributary.ingestion.broker;

import org.jspecify.annotations.Nullable;

/**
 * What ingestion needs of a message from the ingest exchange.
 *
 * @param stream      the routing key it was published with
 * @param messageId   the AMQP {@code message_id} property, if the publisher set one
 * @param contentType the AMQP {@code content_type} property, if set
 * @param body        the message body
 */
record BrokerMessage(String stream, @Nullable String messageId, @Nullable String contentType, byte[] body) {
}
