package io.tributary.contract.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.jspecify.annotations.Nullable;

/**
 * The canonical text of parts of a pipeline definition, from which fingerprints are hashed: the same
 * text whatever the YAML's formatting, comments, key order or duration spelling, and on every JVM.
 */
final class CanonicalText {

	/** Hex digits of a fingerprint: 64 bits of SHA-256, plenty to tell a handful of definitions apart. */
	static final int HEX_LENGTH = 16;

	private CanonicalText() {
	}

	/**
	 * An expression without the formatting its author chose: whitespace outside string literals
	 * collapsed to one space, and dropped next to anything that is not part of a word ({@code a==b},
	 * {@code a == b} and {@code a  ==  b} are the same; {@code a in b} keeps its spaces).
	 */
	static String expression(String text) {
		StringBuilder out = new StringBuilder(text.length());
		char quote = 0;
		boolean pendingSpace = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quote != 0) {
				out.append(c);
				if (c == '\\' && i + 1 < text.length()) {
					out.append(text.charAt(++i));
				}
				else if (c == quote) {
					quote = 0;
				}
				continue;
			}
			if (Character.isWhitespace(c)) {
				pendingSpace = true;
				continue;
			}
			if (pendingSpace && !out.isEmpty() && isWordChar(out.charAt(out.length() - 1)) && isWordChar(c)) {
				out.append(' ');
			}
			pendingSpace = false;
			if (c == '"' || c == '\'') {
				quote = c;
			}
			out.append(c);
		}
		return out.toString();
	}

	private static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '.';
	}

	static String expression(@Nullable Expression expression) {
		return expression == null ? "-" : expression(expression.text());
	}

	static String duration(@Nullable Duration duration) {
		return duration == null ? "-" : Durations.format(duration);
	}

	static String number(double value) {
		return (value == Math.rint(value) && !Double.isInfinite(value)) ? Long.toString((long) value)
				: Double.toString(value);
	}

	static String list(List<String> items) {
		return String.join("; ", items);
	}

	/**
	 * One line per entry, {@code key=value} with the value's backslashes and line breaks escaped, in
	 * key order, so that no two different maps have the same text.
	 */
	static String of(SortedMap<String, String> entries) {
		StringBuilder text = new StringBuilder();
		for (Map.Entry<String, String> entry : entries.entrySet()) {
			text.append(escape(entry.getKey()))
				.append('=')
				.append(escape(entry.getValue()))
				.append('\n');
		}
		return text.toString();
	}

	private static String escape(String value) {
		return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("=", "\\=");
	}

	/** The first {@link #HEX_LENGTH} hex digits of the text's SHA-256. */
	static String hash(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, HEX_LENGTH);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

}
