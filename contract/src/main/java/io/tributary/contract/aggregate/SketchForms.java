package io.tributary.contract.aggregate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.tributary.contract.WireFormat;
import org.jspecify.annotations.Nullable;

/**
 * What the sketch-based aggregations share: the Base64 text their compact bytes travel as, and the
 * text a field value is counted under. That text starts with the value's JSON type ({@code n:} number,
 * {@code s:} string, {@code b:} boolean, {@code j:} object or array as JSON text), so that {@code 1} and
 * {@code "1"} are different values; a number is written in one form whatever type JSON parsing gave it
 * ({@code 1} and {@code 1.0} are the same value).
 */
final class SketchForms {

	private static final Base64.Encoder ENCODER = Base64.getEncoder();

	private static final Base64.Decoder DECODER = Base64.getDecoder();

	/** The length of a type prefix such as {@code n:}. */
	private static final int PREFIX = 2;

	/** Integral doubles below this magnitude are written as integers. */
	private static final double LONG_RANGE = 0x1p63;

	private SketchForms() {
	}

	static String encode(byte[] bytes) {
		return ENCODER.encodeToString(bytes);
	}

	/**
	 * The bytes of a serial form written by {@link #encode}; null for the empty form (null or "").
	 * @throws IllegalArgumentException when the form is not Base64 text
	 */
	static byte @Nullable [] decode(@Nullable Object form, String what) {
		if (form == null || "".equals(form)) {
			return null;
		}
		if (!(form instanceof String text)) {
			throw new IllegalArgumentException(what + ": expected Base64 text, got " + form);
		}
		try {
			return DECODER.decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(what + ": not Base64 text (" + ex.getMessage() + ")", ex);
		}
	}

	/** The text a value is counted under: its type prefix and its text. */
	static String key(Object value) {
		return switch (value) {
			case String s -> "s:" + s;
			case Boolean b -> "b:" + b;
			case Number n -> "n:" + number(n);
			case Map<?, ?> m -> "j:" + WireFormat.writeString(m);
			case List<?> l -> "j:" + WireFormat.writeString(l);
			default -> "s:" + value;
		};
	}

	/** The value's text as users wrote it: the key without its type prefix. */
	static String plain(String key) {
		return key.length() >= PREFIX ? key.substring(PREFIX) : key;
	}

	private static String number(Number n) {
		return switch (n) {
			case Long l -> Long.toString(l);
			case Integer i -> Integer.toString(i);
			case Short s -> Short.toString(s);
			case Byte b -> Byte.toString(b);
			case BigInteger b -> b.toString();
			case BigDecimal d -> {
				try {
					yield Long.toString(d.longValueExact());
				}
				catch (ArithmeticException ex) {
					yield number(d.doubleValue());
				}
			}
			default -> number(n.doubleValue());
		};
	}

	private static String number(double d) {
		return d == Math.rint(d) && Math.abs(d) < LONG_RANGE ? Long.toString((long) d) : Double.toString(d);
	}

}
