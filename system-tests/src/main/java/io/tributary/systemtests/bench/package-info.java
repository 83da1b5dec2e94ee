/**
 * The benchmark: drives the YSB workload against running services, measures accepted throughput and
 * final-result latency, and runs RabbitMQ PerfTest as the baseline.
 */
@NullMarked
package io.tributary.systemtests.bench;

import org.jspecify.annotations.NullMarked;
