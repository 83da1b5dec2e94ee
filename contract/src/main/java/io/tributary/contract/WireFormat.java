package io.tributary.contract;

import java.time.Instant;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.smile.SmileFactory;
import tools.jackson.dataformat.smile.SmileMapper;
import tools.jackson.dataformat.smile.SmileWriteFeature;

/**
 * The wire format of every record in this package. Services exchange these records as
 * {@code byte[]} payloads written and read here, so that the format is owned by the contract and
 * not by any one service's message converter.
 * <p>
 * Two encodings of the same documents: JSON, and Smile (Jackson's binary JSON, with shared
 * property names and shared short string values). Every {@code byte[]} reader accepts both, told
 * apart per payload by Smile's header ({@code :)\n}; a JSON document never starts with {@code :}),
 * so either can be in a queue when a service starts. The messages of the internal hops
 * ({@link #writeMessage}: ingestion to processing, route to window, window to storage) are written
 * in the process's {@link #messageEncoding()}: JSON unless {@link #MESSAGES_PROPERTY} says Smile,
 * which a deployment may only say once every instance reads Smile. Smile makes those messages less
 * than half the size, but did not make the processing core measurably cheaper per event
 * (docs/benchmarks.md, "Smile on the internal hops"). Records stored in Redis and everything
 * shown to people stay JSON.
 */
public final class WireFormat {

	public static final String CONTENT_TYPE = "application/json";

	public static final String SMILE_CONTENT_TYPE = "application/x-jackson-smile";

	/**
	 * The system property that chooses how {@link #writeMessage} encodes: {@code json} (the
	 * default) or {@code smile}; also read from the environment variable
	 * {@code TRIBUTARY_WIRE_MESSAGES}. Readers of this version take both, readers of earlier ones
	 * only JSON: Smile only after every instance of every service runs a version that reads it.
	 */
	public static final String MESSAGES_PROPERTY = "tributary.wire.messages";

	/** An encoding of the wire format's documents. */
	public enum Encoding {

		JSON(CONTENT_TYPE), SMILE(SMILE_CONTENT_TYPE);

		private final String contentType;

		Encoding(String contentType) {
			this.contentType = contentType;
		}

		/** The content type a message in this encoding is sent with. */
		public String contentType() {
			return this.contentType;
		}

		/** The encoding of a payload: Smile when it starts with Smile's header, else JSON. */
		public static Encoding of(byte[] payload) {
			return (payload.length >= 3 && payload[0] == ':' && payload[1] == ')' && payload[2] == '\n') ? SMILE : JSON;
		}

		static Encoding named(String name) {
			return switch (name.trim().toLowerCase(Locale.ROOT)) {
				case "smile" -> SMILE;
				case "json" -> JSON;
				default -> throw new IllegalArgumentException(
						MESSAGES_PROPERTY + " is '" + name + "'; it must be smile or json");
			};
		}

	}

	// integers read as Long and decimals as Double everywhere, so event data has one numeric
	// representation (the one expression languages and aggregations expect); instants and events
	// (both ways) through fast paths for the shape this format writes
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.USE_LONG_FOR_INTS)
		.addModule(module())
		.build();

	// the same, in Smile; with the header (how a reader tells the encodings apart) and both shared
	// tables: an event batch repeats its property names in every event and many values (streams,
	// keys, enumerations) across events
	private static final SmileMapper SMILE = SmileMapper
		.builder(SmileFactory.builder()
			.enable(SmileWriteFeature.WRITE_HEADER, SmileWriteFeature.CHECK_SHARED_NAMES,
					SmileWriteFeature.CHECK_SHARED_STRING_VALUES)
			.build())
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.USE_LONG_FOR_INTS)
		.addModule(module())
		.build();

	private static final Encoding MESSAGES = Encoding.named(messagesSetting());

	private WireFormat() {
	}

	private static SimpleModule module() {
		return new SimpleModule("tributary-wire").addDeserializer(Instant.class, new WireInstants())
			.addSerializer(Instant.class, new WireInstantWriter())
			.addDeserializer(Event.class, new EventDeserializer())
			.addDeserializer(KeyedEvent.class, new KeyedEventDeserializer())
			.addSerializer(Event.class, new EventSerializer())
			.addSerializer(KeyedEvent.class, new KeyedEventSerializer());
	}

	private static String messagesSetting() {
		String value = System.getProperty(MESSAGES_PROPERTY);
		if (value == null) {
			value = System.getenv("TRIBUTARY_WIRE_MESSAGES");
		}
		return (value == null || value.isBlank()) ? "json" : value;
	}

	/** The mapper used for the wire format's JSON; shared and thread-safe. */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/** How {@link #writeMessage} encodes in this process ({@link #MESSAGES_PROPERTY}). */
	public static Encoding messageEncoding() {
		return MESSAGES;
	}

	/** The value as JSON. */
	public static byte[] write(Object value) {
		return write(value, Encoding.JSON);
	}

	/**
	 * A message of an internal hop (an {@link EventBatch}, {@link KeyedBatch} or {@link ResultBatch})
	 * in this process's {@link #messageEncoding()} (JSON unless {@link #MESSAGES_PROPERTY} says
	 * Smile): send it with that encoding's content type.
	 */
	public static byte[] writeMessage(Object value) {
		return write(value, MESSAGES);
	}

	public static byte[] write(Object value, Encoding encoding) {
		try {
			return mapper(encoding).writeValueAsBytes(value);
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

	/**
	 * Reads a record from JSON or Smile (told apart by {@link Encoding#of}); a malformed payload is
	 * an {@link IllegalArgumentException} naming the type.
	 */
	public static <T> T read(byte[] payload, Class<T> type) {
		try {
			return mapper(Encoding.of(payload)).readValue(payload, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Malformed " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Reads an {@link EventBatch} building, of each event's data, only the fields the projection
	 * names for its stream (JSON messages; a Smile message, whose values may refer back to earlier
	 * ones, is read whole). The events mean what {@link #read(byte[], Class)}'s do: their data reads
	 * the rest from {@code payload} when asked for it, so the caller must not change the array.
	 */
	public static EventBatch read(byte[] payload, DataProjection projection) {
		if (!projection.isPartial() || Encoding.of(payload) != Encoding.JSON) {
			return read(payload, EventBatch.class);
		}
		try {
			return MAPPER.readerFor(EventBatch.class)
				.withAttribute(EventDeserializer.Projecting.class, new EventDeserializer.Projecting(payload, projection))
				.readValue(payload);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Malformed EventBatch: " + ex.getOriginalMessage(), ex);
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

	/**
	 * A Smile payload as JSON text, for people to read (the same document, re-rendered); any other
	 * payload is returned as it is.
	 * @throws IllegalArgumentException when it starts as Smile but is not a Smile document
	 */
	public static byte[] toJson(byte[] payload) {
		if (Encoding.of(payload) != Encoding.SMILE) {
			return payload;
		}
		try {
			JsonNode tree = SMILE.readTree(payload);
			if (tree == null || tree.isMissingNode()) {
				throw new IllegalArgumentException("Malformed Smile document: no content");
			}
			return MAPPER.writeValueAsBytes(tree);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Malformed Smile document: " + ex.getOriginalMessage(), ex);
		}
	}

	/** The mapper of an encoding; shared and thread-safe. */
	public static ObjectMapper mapper(Encoding encoding) {
		return (encoding == Encoding.SMILE) ? SMILE : MAPPER;
	}

}
