package io.tributary.query.result;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tributary.query.web.InvalidParameterException;

/**
 * The opaque {@code cursor} of a results page: the start of the last window already served, so the
 * next page starts after it. Opaque (base64url of a versioned text) so that clients treat it as a
 * token and the format can change.
 */
final class PageCursor {

	private static final String PREFIX = "v1:";

	private PageCursor() {
	}

	static String encode(long lastWindowStart) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((PREFIX + lastWindowStart).getBytes(StandardCharsets.UTF_8));
	}

	/** @return the start of the last window served */
	static long decode(String cursor) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
			if (text.startsWith(PREFIX)) {
				long lastWindowStart = Long.parseLong(text.substring(PREFIX.length()));
				if (Math.abs(lastWindowStart) <= TimeRange.LIMIT) {
					return lastWindowStart;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64url, or not a number inside: the same answer as any other foreign text
		}
		throw new InvalidParameterException("cursor",
				"is not a cursor from this API; use the 'next' link of the previous page");
	}

}
