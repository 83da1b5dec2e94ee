package io.tributary.contract;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes an {@link Event}, the record ingestion's messages carry, field by field instead of through
 * Jackson's bean serializer (its per-property accessors, inclusion checks and serializer look-ups,
 * and a map serializer finding each data value's serializer), for ingestion's encoding of
 * {@link EventBatch}es; the counterpart of {@link EventDeserializer}. The bytes are the bean
 * serializer's, in JSON and Smile: the record's properties in their order, {@code redrive} left out
 * when null as the record says, instants as {@link WireInstantWriter} writes them, the data as
 * {@link WireOutput} writes a map, a redrive by Jackson.
 */
final class EventSerializer extends StdSerializer<Event> {

	private static final SerializableString ID = new SerializedString("id");

	private static final SerializableString INGEST_ID = new SerializedString("ingestId");

	private static final SerializableString STREAM = new SerializedString("stream");

	private static final SerializableString EVENT_TIME = new SerializedString("eventTime");

	private static final SerializableString INGEST_TIME = new SerializedString("ingestTime");

	private static final SerializableString DATA = new SerializedString("data");

	private static final SerializableString REDRIVE = new SerializedString("redrive");

	EventSerializer() {
		super(Event.class);
	}

	@Override
	public void serialize(Event event, JsonGenerator g, SerializationContext ctxt) {
		g.writeStartObject(event);
		g.writeName(ID);
		WireOutput.string(event.id(), g);
		g.writeName(INGEST_ID);
		WireOutput.string(event.ingestId(), g);
		g.writeName(STREAM);
		WireOutput.string(event.stream(), g);
		g.writeName(EVENT_TIME);
		WireOutput.instant(event.eventTime(), g);
		g.writeName(INGEST_TIME);
		WireOutput.instant(event.ingestTime(), g);
		g.writeName(DATA);
		WireOutput.map(event.data(), g, ctxt);
		if (event.redrive() != null) {
			g.writeName(REDRIVE);
			ctxt.writeValue(g, event.redrive());
		}
		g.writeEndObject();
	}

}
