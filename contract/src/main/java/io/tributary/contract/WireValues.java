package io.tributary.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;

/**
 * The values of the wire format's hand-written record readers ({@link EventDeserializer},
 * {@link KeyedEventDeserializer}): the shape the writer writes is read directly, any other shape by
 * the deserializer Jackson would use for the property, so both accept and mean the same.
 */
final class WireValues {

	private WireValues() {
	}

	/** The current value as a string property. */
	static @Nullable String string(JsonParser p, JsonToken token, DeserializationContext ctxt) {
		return switch (token) {
			case VALUE_STRING -> p.getString();
			case VALUE_NULL -> null;
			default -> ctxt.readValue(p, String.class);
		};
	}

	/** The current value as an {@link Instant} property. */
	static @Nullable Instant instant(JsonParser p, JsonToken token, DeserializationContext ctxt) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		Instant instant = (token == JsonToken.VALUE_STRING) ? WireInstants.parse(p.getString()) : null;
		return (instant != null) ? instant : ctxt.readValue(p, Instant.class);
	}

	/**
	 * The current value as a {@code Map<String, Object>} property, as Jackson reads one, handed to
	 * the record without a copy (see {@code DataMaps#adopt}).
	 * @param type {@link #mapType}
	 */
	static @Nullable Map<String, Object> map(JsonParser p, JsonToken token, DeserializationContext ctxt, JavaType type) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		LinkedHashMap<String, Object> map = ctxt.readValue(p, type);
		return DataMaps.adopt(map);
	}

	/** {@code LinkedHashMap<String, Object>}: the map Jackson builds for a {@code Map<String, Object>}. */
	static JavaType mapType(DeserializationContext ctxt) {
		return ctxt.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class);
	}

	/**
	 * The first property name of the object the parser is at (null for an empty one), or null with
	 * {@code ctxt}'s report when it is not at an object.
	 */
	static @Nullable String firstName(JsonParser p, DeserializationContext ctxt, Class<?> type) {
		if (p.isExpectedStartObjectToken()) {
			return p.nextName();
		}
		if (p.currentToken() == JsonToken.PROPERTY_NAME) {
			return p.currentName();
		}
		ctxt.handleUnexpectedToken(type, p);
		throw ctxt.instantiationException(type, "not a JSON object");
	}

}
