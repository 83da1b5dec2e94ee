package io.tributary.systemtests.bench;

import java.time.Duration;
import java.time.Instant;

/** One window of one key: tumbling windows are aligned to the epoch. */
record WindowId(String key, long windowStartMillis) {

	static WindowId of(String key, Instant eventTime, Duration size) {
		long s = size.toMillis();
		return new WindowId(key, Math.floorDiv(eventTime.toEpochMilli(), s) * s);
	}

}
