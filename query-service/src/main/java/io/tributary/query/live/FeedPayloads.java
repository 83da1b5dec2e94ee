package io.tributary.query.live;

import io.tributary.contract.FeedEntryType;
import io.tributary.contract.WireFormat;
import org.jspecify.annotations.Nullable;

/**
 * A feed entry's payload as a live stream serves it: as stored, except results and alerts storage
 * wrote before they named their pipeline version, which are served with the version they read as
 * (the contract record's reading), so a client finds {@code version} in every result and alert.
 */
final class FeedPayloads {

	private FeedPayloads() {
	}

	/** The part of a payload that tells whether it names its version. */
	private record Versioned(@Nullable Long version) {
	}

	static String served(FeedEntryType type, String data) {
		if (type != FeedEntryType.RESULT && type != FeedEntryType.ALERT) {
			return data;
		}
		try {
			if (WireFormat.read(data, Versioned.class).version() != null) {
				return data;
			}
			return WireFormat.writeString(WireFormat.read(data, type.payloadType()));
		}
		catch (IllegalArgumentException ex) {
			// not a record this replica can read: served as stored, as before
			return data;
		}
	}

}
