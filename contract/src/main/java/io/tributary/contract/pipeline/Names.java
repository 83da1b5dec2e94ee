package io.tributary.contract.pipeline;

import java.util.regex.Pattern;

/** How the names of a pipeline file are written: definition names, field paths and metric names. */
final class Names {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	private Names() {
	}

	/** A stream, lookup, pipeline or rule name: letters, digits, '-', '_', at most 64. */
	static boolean isName(String text) {
		return NAME.matcher(text).matches();
	}

	/** A field, dots for nesting: {@code user.id}. */
	static boolean isField(String text) {
		return FIELD.matcher(text).matches();
	}

	/** A field without nesting, as metrics, selects and derived fields are named: {@code p99_ms}. */
	static boolean isPlainField(String text) {
		return isField(text) && !text.contains(".");
	}

}
