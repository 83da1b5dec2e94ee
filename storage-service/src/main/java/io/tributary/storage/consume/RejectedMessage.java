package io.tributary.storage.consume;

import java.util.Map;

/** A message that cannot be stored, as it arrived, with the reason it was rejected. */
record RejectedMessage(byte[] payload, Map<String, Object> headers, String reason) {

	RejectedMessage {
		headers = Map.copyOf(headers);
	}

}
