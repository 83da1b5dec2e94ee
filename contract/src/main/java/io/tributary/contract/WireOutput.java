package io.tributary.contract;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.UTF8JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;

/**
 * The values of the wire format's hand-written record writers ({@link EventSerializer},
 * {@link KeyedEventSerializer}), the counterpart of {@link WireValues}: each written as the
 * serializer Jackson's bean serializer would use for the property writes it. Data maps go entry by
 * entry in the map's order, null values written, as Jackson's map serializer writes them; the
 * values events carry (strings, whole and decimal numbers, booleans, null) directly, with what
 * Jackson's serializers of those types call, and any other value (a nested object or array, a
 * {@code BigDecimal}, ...) through the serializer Jackson finds for it, as is a whole map when the
 * mapper sorts map entries. So the bytes are Jackson's, without its per-entry serializer look-ups
 * for the common values; except that data kept as the JSON it was read from ({@link JsonObjectData})
 * goes into a JSON message as those bytes (the same object, perhaps spaced and escaped otherwise).
 */
final class WireOutput {

	private WireOutput() {
	}

	/** A string property's value, null as null. */
	static void string(@Nullable String value, JsonGenerator g) {
		if (value == null) {
			g.writeNull();
		}
		else {
			g.writeString(value);
		}
	}

	/**
	 * An instant property's value as {@link WireInstantWriter} writes it, null as null; handed to the
	 * generator as characters, without the string the writer makes (a generator writes the same
	 * for both).
	 */
	static void instant(@Nullable Instant value, JsonGenerator g) {
		if (value == null) {
			g.writeNull();
			return;
		}
		char[] text = new char[WireInstantWriter.MAX_LENGTH];
		int length = WireInstantWriter.format(value, text);
		if (length < 0) {
			g.writeString(WireInstantWriter.format(value));
		}
		else {
			g.writeString(text, 0, length);
		}
	}

	/** A {@code Map<String, Object>} property's value, null as null. */
	static void map(@Nullable Map<String, Object> data, JsonGenerator g, SerializationContext ctxt) {
		if (data == null) {
			g.writeNull();
			return;
		}
		if (ctxt.isEnabled(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)) {
			ctxt.writeValue(g, data);
			return;
		}
		if (data instanceof JsonObjectData json && g instanceof UTF8JsonGenerator) {
			// the object as it was read: the same JSON, without writing it again entry by entry
			g.writeRawValue(json.asRawJson());
			return;
		}
		g.writeStartObject(data);
		for (Map.Entry<String, Object> entry : data.entrySet()) {
			String name = entry.getKey();
			if (name == null) {
				// Jackson's answer to a null key (by default a failure: JSON has none)
				ctxt.findNullKeySerializer(ctxt.constructType(String.class), null).serialize(null, g, ctxt);
			}
			else {
				g.writeName(name);
			}
			value(entry.getValue(), g, ctxt);
		}
		g.writeEndObject();
	}

	/** One value of a data map. */
	private static void value(@Nullable Object value, JsonGenerator g, SerializationContext ctxt) {
		if (!scalar(value, g)) {
			ctxt.writeValue(g, value);
		}
	}

	/**
	 * Writes a null, string, long, int, double or boolean as Jackson's serializers of those types
	 * write it, and says whether it did; anything else is left to the caller's serializer.
	 */
	static boolean scalar(@Nullable Object value, JsonGenerator g) {
		switch (value) {
			case null -> g.writeNull();
			case String s -> g.writeString(s);
			case Long l -> g.writeNumber(l.longValue());
			case Integer i -> g.writeNumber(i.intValue());
			case Double d -> g.writeNumber(d.doubleValue());
			case Boolean b -> g.writeBoolean(b.booleanValue());
			default -> {
				return false;
			}
		}
		return true;
	}

}
