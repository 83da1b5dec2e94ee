package io.tributary.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

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
		Instant instant = (token == JsonToken.VALUE_STRING) ? UtcInstants.parse(p.getString()) : null;
		return (instant != null) ? instant : ctxt.readValue(p, Instant.class);
	}

	/**
	 * The current value as a {@code Map<String, Object>} property, read by {@link #mapReader}, and
	 * handed to the record without a copy (see {@code DataMaps#adopt}).
	 */
	@SuppressWarnings("unchecked")
	static @Nullable Map<String, Object> map(JsonParser p, JsonToken token, DeserializationContext ctxt,
			ValueDeserializer<Object> reader) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		return DataMaps.adopt((LinkedHashMap<String, Object>) reader.deserialize(p, ctxt));
	}

	/**
	 * What Jackson reads a {@code Map<String, Object>} property with: a {@code LinkedHashMap} of
	 * untyped values. Found once, when a reader is made contextual, not per value.
	 */
	static ValueDeserializer<Object> mapReader(DeserializationContext ctxt) {
		return ctxt.findRootValueDeserializer(
				ctxt.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
	}

	/** What Jackson reads one untyped value of such a map with. */
	static ValueDeserializer<Object> valueReader(DeserializationContext ctxt) {
		return ctxt.findRootValueDeserializer(ctxt.constructType(Object.class));
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
