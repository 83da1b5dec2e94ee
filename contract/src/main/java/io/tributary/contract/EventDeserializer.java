package io.tributary.contract;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads an {@link Event}, the record every accepted event crosses the broker in, field by field
 * instead of through Jackson's record creator: that one buffers every property, calls the
 * constructor through {@code MethodHandle.invokeWithArguments} with a spreader made per call, and the
 * constructor then copies the data map Jackson just built; together a third of reading ingestion's
 * messages (docs/benchmarks.md, "Core CPU per event"). What is accepted and what it means are
 * Jackson's: a value of another shape than the writer's (a number for a string, an instant in
 * another form) goes to the deserializer Jackson would use for it, an unknown property is skipped,
 * and a missing or invalid one fails as the constructor fails, as a Jackson exception.
 * <p>
 * Read through {@link WireFormat#read(byte[], DataProjection)}, the data of a stream read in part
 * builds only the projected fields' values and skips the others' text ({@link ProjectedData}).
 */
final class EventDeserializer extends StdDeserializer<Event> {

	/** The map reader, found by {@link #createContextual}; null in the instance registered with the mapper. */
	private final @Nullable ValueDeserializer<Object> mapReader;

	/** The reader of one untyped value, found with {@link #mapReader}. */
	private final @Nullable ValueDeserializer<Object> valueReader;

	EventDeserializer() {
		this(null, null);
	}

	private EventDeserializer(@Nullable ValueDeserializer<Object> mapReader,
			@Nullable ValueDeserializer<Object> valueReader) {
		super(Event.class);
		this.mapReader = mapReader;
		this.valueReader = valueReader;
	}

	@Override
	public ValueDeserializer<?> createContextual(DeserializationContext ctxt, @Nullable BeanProperty property) {
		return (this.mapReader != null) ? this
				: new EventDeserializer(WireValues.mapReader(ctxt), WireValues.valueReader(ctxt));
	}

	@Override
	public Event deserialize(JsonParser p, DeserializationContext ctxt) {
		ValueDeserializer<Object> mapReader = this.mapReader;
		if (mapReader == null) {
			// used without being made contextual: find it now
			mapReader = WireValues.mapReader(ctxt);
		}
		String id = null;
		String ingestId = null;
		String stream = null;
		Instant eventTime = null;
		Instant ingestTime = null;
		Map<String, Object> data = null;
		Redrive redrive = null;
		for (String name = WireValues.firstName(p, ctxt, Event.class); name != null; name = p.nextName()) {
			JsonToken token = p.nextToken();
			switch (name) {
				case "id" -> id = WireValues.string(p, token, ctxt);
				case "ingestId" -> ingestId = WireValues.string(p, token, ctxt);
				case "stream" -> stream = WireValues.string(p, token, ctxt);
				case "eventTime" -> eventTime = WireValues.instant(p, token, ctxt);
				case "ingestTime" -> ingestTime = WireValues.instant(p, token, ctxt);
				case "data" -> data = readData(p, token, ctxt, mapReader, stream);
				case "redrive" -> redrive = (token == JsonToken.VALUE_NULL) ? null : ctxt.readValue(p, Redrive.class);
				default -> p.skipChildren();
			}
		}
		try {
			return new Event(id, ingestId, stream, eventTime, ingestTime, data, redrive);
		}
		catch (RuntimeException ex) {
			throw ctxt.instantiationException(Event.class, ex);
		}
	}

	/**
	 * The data object, in part when the read is projected and the stream (written before the data)
	 * is read in part; whole otherwise.
	 */
	private @Nullable Map<String, Object> readData(JsonParser p, JsonToken token, DeserializationContext ctxt,
			ValueDeserializer<Object> mapReader, @Nullable String stream) {
		Projecting projecting = (Projecting) ctxt.getAttribute(Projecting.class);
		DataProjection.Fields fields = (projecting == null || stream == null || token != JsonToken.START_OBJECT) ? null
				: projecting.projection().indexed(stream);
		byte[] message = (projecting != null) ? projecting.message() : null;
		long start = p.currentTokenLocation().getByteOffset();
		if (fields == null || message == null || start < 0 || start >= message.length || message[(int) start] != '{') {
			return WireValues.map(p, token, ctxt, mapReader);
		}
		ValueDeserializer<Object> valueReader = (this.valueReader != null) ? this.valueReader
				: WireValues.valueReader(ctxt);
		Object[] values = ProjectedData.absent(fields);
		for (String name = p.nextName(); name != null; name = p.nextName()) {
			JsonToken valueToken = p.nextToken();
			int index = fields.indexOf(name);
			if (index >= 0) {
				values[index] = (valueToken == JsonToken.VALUE_NULL) ? null : valueReader.deserialize(p, ctxt);
			}
			else {
				p.skipChildren();
			}
		}
		long end = p.currentTokenLocation().getByteOffset();
		if (end <= start || end >= message.length || message[(int) end] != '}') {
			throw new IllegalStateException("event data ends at byte " + end + ", not at a '}'");
		}
		return new ProjectedData(fields, values, message, (int) start, (int) (end - start + 1));
	}

	/**
	 * The context attribute (keyed by this class) of a projected read: the message being read, whose
	 * bytes a {@link ProjectedData} reads whole when asked for more than the projection.
	 */
	record Projecting(byte[] message, DataProjection projection) {
	}

}
