package io.tributary.systemtests.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Nearest-rank percentiles of a sample of durations in milliseconds: p is the smallest value that
 * at least p% of the sample is less than or equal to.
 */
record Percentiles(int count, long p50, long p95, long p99, long max) {

	static Percentiles of(Collection<Long> millis) {
		if (millis.isEmpty()) {
			return new Percentiles(0, 0, 0, 0, 0);
		}
		long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
		return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
				sorted[sorted.length - 1]);
	}

	static long rank(long[] sorted, int percent) {
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	String describe() {
		if (this.count == 0) {
			return "no samples";
		}
		return "p50 " + this.p50 + " ms, p95 " + this.p95 + " ms, p99 " + this.p99 + " ms, max " + this.max + " ms (n="
				+ this.count + ")";
	}

	@Override
	public String toString() {
		return describe() + " " + Arrays.toString(new long[] { this.p50, this.p95, this.p99, this.max });
	}

}
