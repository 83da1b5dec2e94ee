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
 */
final class EventDeserializer extends StdDeserializer<Event> {

	/** The map reader, found by {@link #createContextual}; null in the instance registered with the mapper. */
	private final @Nullable ValueDeserializer<Object> mapReader;

	EventDeserializer() {
		this(null);
	}

	private EventDeserializer(@Nullable ValueDeserializer<Object> mapReader) {
		super(Event.class);
		this.mapReader = mapReader;
	}

	@Override
	public ValueDeserializer<?> createContextual(DeserializationContext ctxt, @Nullable BeanProperty property) {
		return (this.mapReader != null) ? this : new EventDeserializer(WireValues.mapReader(ctxt));
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
				case "data" -> data = WireValues.map(p, token, ctxt, mapReader);
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

}
