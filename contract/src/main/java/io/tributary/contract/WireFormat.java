package io.tributary.contract;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON wire format of every record in this package. Services exchange these records as
 * {@code byte[]} payloads written and read here, so that the format is owned by the contract and
 * not by any one service's message converter.
 */
public final class WireFormat {

	public static final String CONTENT_TYPE = "application/json";

	// integers read as Long and decimals as Double everywhere, so event data has one numeric
	// representation (the one expression languages and aggregations expect); instants and events
	// through fast paths for the shape this format writes
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.USE_LONG_FOR_INTS)
		.addModule(new SimpleModule("tributary-wire").addDeserializer(Instant.class, new WireInstants())
			.addDeserializer(Event.class, new EventDeserializer())
			.addDeserializer(KeyedEvent.class, new KeyedEventDeserializer()))
		.build();

	private WireFormat() {
	}

	/** The mapper used for the wire format; shared and thread-safe. */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	public static byte[] write(Object value) {
		try {
			return MAPPER.writeValueAsBytes(value);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot serialise " + value.getClass().getSimpleName(), ex);
		}
	}

	public static String writeString(Object value) {
		try {
			return MAPPER.writeValueAsString(value);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot serialise " + value.getClass().getSimpleName(), ex);
		}
	}

	/** Reads a record; a malformed payload is an {@link IllegalArgumentException} naming the type. */
	public static <T> T read(byte[] payload, Class<T> type) {
		try {
			return MAPPER.readValue(payload, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Malformed " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	public static <T> T read(String payload, Class<T> type) {
		try {
			return MAPPER.readValue(payload, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Malformed " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
