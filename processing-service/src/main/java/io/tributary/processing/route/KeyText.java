package io.tributary.processing.route;

import org.jspecify.annotations.Nullable;

/**
 * A value as a key's text: what {@code key-by}, a lookup key and the value {@code first-seen} asks
 * about are written as, so {@code 42} and {@code "42"} are one key. Only a non-empty string, a number
 * or a boolean has one.
 */
final class KeyText {

	private KeyText() {
	}

	/** The value's text; null when it has none (absent, empty, a list or a map). */
	static @Nullable String of(@Nullable Object value) {
		return switch (value) {
			case null -> null;
			case String s -> s.isEmpty() ? null : s;
			case Long l -> l.toString();
			case Integer i -> i.toString();
			case Double d when d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
			case Double d -> d.toString();
			case Boolean b -> b.toString();
			default -> null;
		};
	}

	/** What a value without a text is, for a dead letter's reason. */
	static String describe(@Nullable Object value) {
		if (value == null) {
			return "no value";
		}
		if (value instanceof String s && s.isEmpty()) {
			return "an empty string";
		}
		return "a " + value.getClass().getSimpleName() + " (a key must be a string, number or boolean)";
	}

}
