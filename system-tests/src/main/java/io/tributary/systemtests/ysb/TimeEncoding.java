package io.tributary.systemtests.ysb;

/** How an event carries its event time: both forms a stream's time-field must accept. */
public enum TimeEncoding {

	/** An ISO-8601 instant string, e.g. {@code 2025-01-01T00:00:05.123Z}. */
	ISO_8601,

	/** Epoch milliseconds as a JSON number. */
	EPOCH_MILLIS

}
