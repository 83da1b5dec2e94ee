/**
 * TLS to Redis and RabbitMQ at start-up: a service configured for it connects once and stops when the
 * handshake fails, since certificates that do not fit are configuration, not an outage.
 */
@NullMarked
package io.tributary.support.tls;

import org.jspecify.annotations.NullMarked;
