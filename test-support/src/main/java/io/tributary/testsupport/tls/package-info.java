/**
 * Servers of a test's own, each on a free port, stopped and removed by the test: TLS-only Redis and
 * RabbitMQ with certificates generated at run time, and a plain Redis for fault drills.
 */
@NullMarked
package io.tributary.testsupport.tls;

import org.jspecify.annotations.NullMarked;
