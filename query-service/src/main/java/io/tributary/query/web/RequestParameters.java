package io.tributary.query.web;

import org.jspecify.annotations.Nullable;

/** Parses the request parameters several endpoints share, with messages a user can act on. */
public final class RequestParameters {

	private RequestParameters() {
	}

	/** {@code limit}: absent means {@code defaultLimit}; otherwise an integer in [1, maxLimit]. */
	public static int limit(@Nullable String text, int defaultLimit, int maxLimit) {
		if (text == null) {
			return defaultLimit;
		}
		String trimmed = text.trim();
		int limit;
		try {
			limit = Integer.parseInt(trimmed);
		}
		catch (NumberFormatException ex) {
			limit = 0;
		}
		if (limit < 1 || limit > maxLimit) {
			throw new InvalidParameterException("limit",
					"must be an integer from 1 to " + maxLimit + ", got '" + text + "'");
		}
		return limit;
	}

	/** {@code version} (of a pipeline): absent means any; otherwise an integer of at least 1. */
	public static @Nullable Long version(@Nullable String text) {
		if (text == null) {
			return null;
		}
		long version;
		try {
			version = Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			version = 0;
		}
		if (version < 1) {
			throw new InvalidParameterException("version", "must be a pipeline version (an integer from 1), got '"
					+ text + "'");
		}
		return version;
	}

	/** A required, non-blank text parameter. */
	public static String required(String name, @Nullable String text) {
		if (text == null) {
			throw new InvalidParameterException(name, "is required");
		}
		if (text.isBlank()) {
			throw new InvalidParameterException(name, "must not be blank");
		}
		return text;
	}

}
