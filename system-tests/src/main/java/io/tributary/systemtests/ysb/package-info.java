/**
 * The Yahoo Streaming Benchmark workload: campaigns, ads and ad events, seeded and deterministic, with
 * bounded disorder, duplicates, client retries and deliberately late events.
 */
@NullMarked
package io.tributary.systemtests.ysb;

import org.jspecify.annotations.NullMarked;
