package io.tributary.contract;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a {@link KeyedEvent}, the record of the keyed hop between the route and window stages,
 * field by field instead of through Jackson's bean serializer, whose per-property accessors,
 * inclusion checks and serializer look-ups showed in the profile of encoding keyed batches
 * (docs/benchmarks.md, "Core CPU per event"; {@code ./tributary bench-core --encode} compares the
 * two). The counterpart of {@link KeyedEventDeserializer}.
 * The bytes are the bean serializer's, in JSON and Smile: the record's properties in their order,
 * nulls written except where the record leaves them out ({@code ingestTime}, {@code apiKey},
 * {@code firstSeen}), instants as {@link WireInstantWriter} writes them, the values as
 * {@link WireOutput} writes a map, the first-seen input by Jackson.
 */
final class KeyedEventSerializer extends StdSerializer<KeyedEvent> {

	private static final SerializableString PIPELINE = new SerializedString("pipeline");

	private static final SerializableString KEY = new SerializedString("key");

	private static final SerializableString EVENT_ID = new SerializedString("eventId");

	private static final SerializableString INGEST_ID = new SerializedString("ingestId");

	private static final SerializableString EVENT_TIME = new SerializedString("eventTime");

	private static final SerializableString VALUES = new SerializedString("values");

	private static final SerializableString INGEST_TIME = new SerializedString("ingestTime");

	private static final SerializableString API_KEY = new SerializedString("apiKey");

	private static final SerializableString FIRST_SEEN = new SerializedString("firstSeen");

	KeyedEventSerializer() {
		super(KeyedEvent.class);
	}

	@Override
	public void serialize(KeyedEvent event, JsonGenerator g, SerializationContext ctxt) {
		g.writeStartObject(event);
		g.writeName(PIPELINE);
		WireOutput.string(event.pipeline(), g);
		g.writeName(KEY);
		WireOutput.string(event.key(), g);
		g.writeName(EVENT_ID);
		WireOutput.string(event.eventId(), g);
		g.writeName(INGEST_ID);
		WireOutput.string(event.ingestId(), g);
		g.writeName(EVENT_TIME);
		WireOutput.instant(event.eventTime(), g);
		g.writeName(VALUES);
		WireOutput.map(event.values(), g, ctxt);
		if (event.ingestTime() != null) {
			g.writeName(INGEST_TIME);
			WireOutput.instant(event.ingestTime(), g);
		}
		if (event.apiKey() != null) {
			g.writeName(API_KEY);
			g.writeString(event.apiKey());
		}
		if (event.firstSeen() != null) {
			g.writeName(FIRST_SEEN);
			ctxt.writeValue(g, event.firstSeen());
		}
		g.writeEndObject();
	}

}
