package io.tributary.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * What one processing instance reports of its window stage, as a field of {@link RedisKeys#acceptLag}
 * (field: the instance's id): the largest accept-to-apply delay of the events its window stage applied
 * in about the last second, and when it wrote that. Ingestion refuses HTTP batches while the largest
 * fresh report is over its limit. The value is {@code lagMillis:writtenAtEpochMillis}.
 *
 * @param lagMillis how long the oldest event of a delivery had waited since ingestion accepted it
 *                  when the window stage applied it, the largest over the last second; 0 when none waited
 * @param writtenAt when the instance wrote the report, by its clock
 */
public record AcceptLagReport(long lagMillis, Instant writtenAt) {

	/**
	 * How old a report may be and still count: a processing instance rewrites its report every 250 ms,
	 * so an older one is a stopped instance's (or one that cannot reach Redis).
	 */
	public static final Duration STALE_AFTER = Duration.ofSeconds(3);

	public AcceptLagReport {
		if (lagMillis < 0) {
			throw new IllegalArgumentException("lagMillis must not be negative: " + lagMillis);
		}
	}

	/** The hash value. */
	public String encode() {
		return this.lagMillis + ":" + this.writtenAt.toEpochMilli();
	}

	/**
	 * Reads a hash value.
	 * @throws IllegalArgumentException when it is not {@code lagMillis:writtenAtEpochMillis}
	 */
	public static AcceptLagReport parse(String value) {
		int colon = value.indexOf(':');
		if (colon < 0) {
			throw new IllegalArgumentException("not lagMillis:writtenAtEpochMillis: " + value);
		}
		try {
			return new AcceptLagReport(Long.parseLong(value, 0, colon, 10),
					Instant.ofEpochMilli(Long.parseLong(value, colon + 1, value.length(), 10)));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not lagMillis:writtenAtEpochMillis: " + value, ex);
		}
	}

	/** Whether the report is older than {@link #STALE_AFTER} at {@code now} (a report from the future is fresh). */
	public boolean isStaleAt(Instant now) {
		return Duration.between(this.writtenAt, now).compareTo(STALE_AFTER) > 0;
	}

	/**
	 * The largest lag among the reports that are fresh at {@code now}; empty when none is (no processing
	 * instance runs, or none can write to Redis). Values that cannot be read are skipped.
	 */
	public static OptionalLong largestFresh(Collection<String> values, Instant now) {
		long largest = -1;
		for (String value : values) {
			AcceptLagReport report;
			try {
				report = parse(value);
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			if (!report.isStaleAt(now)) {
				largest = Math.max(largest, report.lagMillis());
			}
		}
		return (largest < 0) ? OptionalLong.empty() : OptionalLong.of(largest);
	}

}
