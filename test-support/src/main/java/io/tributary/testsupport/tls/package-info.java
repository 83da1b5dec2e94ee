/**
 * TLS for integration tests: certificates generated at run time and Redis and RabbitMQ servers of the
 * test's own that speak only TLS, each on a free port, stopped and removed by the test.
 */
@NullMarked
package io.tributary.testsupport.tls;

import org.jspecify.annotations.NullMarked;
