/**
 * System tests and the benchmark: the four services run as separate processes on the real RabbitMQ
 * and Redis, driven by a Yahoo Streaming Benchmark shaped workload.
 */
@NullMarked
package io.tributary.systemtests;

import org.jspecify.annotations.NullMarked;
