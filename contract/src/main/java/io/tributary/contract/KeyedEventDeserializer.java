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
 * Reads a {@link KeyedEvent}, the record of the keyed hop between the route and window stages,
 * field by field instead of through Jackson's record creator, for the reason and with the
 * guarantees given at {@link EventDeserializer}.
 */
final class KeyedEventDeserializer extends StdDeserializer<KeyedEvent> {

	/** The map reader, found by {@link #createContextual}; null in the instance registered with the mapper. */
	private final @Nullable ValueDeserializer<Object> mapReader;

	KeyedEventDeserializer() {
		this(null);
	}

	private KeyedEventDeserializer(@Nullable ValueDeserializer<Object> mapReader) {
		super(KeyedEvent.class);
		this.mapReader = mapReader;
	}

	@Override
	public ValueDeserializer<?> createContextual(DeserializationContext ctxt, @Nullable BeanProperty property) {
		return (this.mapReader != null) ? this : new KeyedEventDeserializer(WireValues.mapReader(ctxt));
	}

	@Override
	public KeyedEvent deserialize(JsonParser p, DeserializationContext ctxt) {
		ValueDeserializer<Object> mapReader = this.mapReader;
		if (mapReader == null) {
			// used without being made contextual: find it now
			mapReader = WireValues.mapReader(ctxt);
		}
		String pipeline = null;
		String key = null;
		String eventId = null;
		String ingestId = null;
		Instant eventTime = null;
		Map<String, Object> values = null;
		Instant ingestTime = null;
		String apiKey = null;
		FirstSeenInput firstSeen = null;
		for (String name = WireValues.firstName(p, ctxt, KeyedEvent.class); name != null; name = p.nextName()) {
			JsonToken token = p.nextToken();
			switch (name) {
				case "pipeline" -> pipeline = WireValues.string(p, token, ctxt);
				case "key" -> key = WireValues.string(p, token, ctxt);
				case "eventId" -> eventId = WireValues.string(p, token, ctxt);
				case "ingestId" -> ingestId = WireValues.string(p, token, ctxt);
				case "eventTime" -> eventTime = WireValues.instant(p, token, ctxt);
				case "values" -> values = WireValues.map(p, token, ctxt, mapReader);
				case "ingestTime" -> ingestTime = WireValues.instant(p, token, ctxt);
				case "apiKey" -> apiKey = WireValues.string(p, token, ctxt);
				case "firstSeen" -> firstSeen = (token == JsonToken.VALUE_NULL) ? null
						: ctxt.readValue(p, FirstSeenInput.class);
				default -> p.skipChildren();
			}
		}
		try {
			return new KeyedEvent(pipeline, key, eventId, ingestId, eventTime, values, ingestTime, apiKey, firstSeen);
		}
		catch (RuntimeException ex) {
			throw ctxt.instantiationException(KeyedEvent.class, ex);
		}
	}

}
