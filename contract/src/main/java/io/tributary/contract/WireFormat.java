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
 * Three encodings: JSON; Smile (Jackson's binary JSON, with shared property names and shared short
 * string values); and, for the batches of the internal hops, a binary form whose envelope is a
 * Protocol Buffers message and whose event data stays the JSON objects publishers sent
 * ({@link BinaryEventBatch}, {@link BinaryKeyedBatch}). Every {@code byte[]} reader accepts all
 * three, told apart per payload by its first bytes (Smile's {@code :)\n}, the binary form's
 * {@code 0x00 TRB}; a JSON document starts with neither), so any of them can be in a queue when a
 * service starts. The messages of the internal hops ({@link #writeMessage}: ingestion to processing,
 * route to window, window to storage) are written in the process's {@link #messageEncoding()}:
 * binary unless {@link #MESSAGES_PROPERTY} says otherwise (an {@link EventBatch} or
 * {@link KeyedBatch} then goes in the binary form, anything else in JSON). Binary costs processing
 * the least per event (docs/benchmarks.md, "A binary envelope on the internal hops"); Smile made
 * messages less than half the size but the core no cheaper. Records stored in Redis and everything
 * shown to people stay JSON.
 */
public final class WireFormat {

	public static final String CONTENT_TYPE = "application/json";

	public static final String SMILE_CONTENT_TYPE = "application/x-jackson-smile";

	/** The content type of a message in the binary form (its header says which record it holds). */
	public static final String BINARY_CONTENT_TYPE = "application/octet-stream";

	/**
	 * The system property that chooses how {@link #writeMessage} encodes: {@code binary} (the
	 * default), {@code json} or {@code smile}; also read from the environment variable
	 * {@code TRIBUTARY_WIRE_MESSAGES}. Readers of this version take all three; readers of versions
	 * before the binary form take JSON and Smile only, so a rolling upgrade from one of those runs
	 * {@code json} until every instance of every service runs this version (docs/operations.md).
	 */
	public static final String MESSAGES_PROPERTY = "tributary.wire.messages";

	/** An encoding of the wire format's documents. */
	public enum Encoding {

		JSON(CONTENT_TYPE), SMILE(SMILE_CONTENT_TYPE), BINARY(BINARY_CONTENT_TYPE);

		private final String contentType;

		Encoding(String contentType) {
			this.contentType = contentType;
		}

		/** The content type a message in this encoding is sent with. */
		public String contentType() {
			return this.contentType;
		}

		/**
		 * The encoding of a payload: Smile when it starts with Smile's header, binary when with the
		 * binary form's, else JSON.
		 */
		public static Encoding of(byte[] payload) {
			if (BinaryFrame.isBinary(payload)) {
				return BINARY;
			}
			return (payload.length >= 3 && payload[0] == ':' && payload[1] == ')' && payload[2] == '\n') ? SMILE : JSON;
		}

		static Encoding named(String name) {
			return switch (name.trim().toLowerCase(Locale.ROOT)) {
				case "smile" -> SMILE;
				case "json" -> JSON;
				case "binary" -> BINARY;
				default -> throw new IllegalArgumentException(
						MESSAGES_PROPERTY + " is '" + name + "'; it must be binary, json or smile");
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
		return (value == null || value.isBlank()) ? "binary" : value;
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
	 * in this process's {@link #messageEncoding()}: send it with {@link #contentType(byte[])}.
	 */
	public static byte[] writeMessage(Object value) {
		return write(value, MESSAGES);
	}

	/** The content type to send a payload written here with (the encoding its first bytes show). */
	public static String contentType(byte[] payload) {
		return Encoding.of(payload).contentType();
	}

	/**
	 * The value in the encoding; binary applies to {@link EventBatch} and {@link KeyedBatch}, and
	 * any other value asked for in binary is written as JSON.
	 */
	public static byte[] write(Object value, Encoding encoding) {
		if (encoding == Encoding.BINARY) {
			if (value instanceof EventBatch batch) {
				return BinaryEventBatch.write(batch);
			}
			if (value instanceof KeyedBatch batch) {
				return BinaryKeyedBatch.write(batch);
			}
			encoding = Encoding.JSON;
		}
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
	 * Reads a record from JSON, Smile or (an {@link EventBatch} or {@link KeyedBatch}) the binary
	 * form, told apart by {@link Encoding#of}; a malformed payload is an
	 * {@link IllegalArgumentException} naming the type.
	 */
	public static <T> T read(byte[] payload, Class<T> type) {
		if (BinaryFrame.isBinary(payload)) {
			return readBinary(payload, type);
		}
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
		if (BinaryFrame.isBinary(payload)) {
			return readBinary(payload, EventBatch.class, projection);
		}
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

	private static <T> T readBinary(byte[] payload, Class<T> type) {
		return readBinary(payload, type, DataProjection.all());
	}

	private static <T> T readBinary(byte[] payload, Class<T> type, DataProjection projection) {
		Object read;
		if (type == EventBatch.class) {
			read = BinaryEventBatch.read(payload, projection);
		}
		else if (type == KeyedBatch.class) {
			read = BinaryKeyedBatch.read(payload);
		}
		else {
			throw new IllegalArgumentException("Malformed " + type.getSimpleName()
					+ ": a binary message holds an EventBatch or a KeyedBatch");
		}
		return type.cast(read);
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
	 * A Smile or binary payload as JSON text, for people to read (the same document, re-rendered);
	 * any other payload is returned as it is.
	 * @throws IllegalArgumentException when it starts as Smile or binary but is not such a document
	 */
	public static byte[] toJson(byte[] payload) {
		if (BinaryFrame.isBinary(payload)) {
			Object batch = (payload.length > 5 && payload[5] == BinaryFrame.KEYED) ? BinaryKeyedBatch.read(payload)
					: BinaryEventBatch.read(payload, DataProjection.all());
			return write(batch, Encoding.JSON);
		}
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
