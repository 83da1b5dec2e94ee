package io.tributary.contract;

import java.io.StringWriter;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * Writes one JSON document field by field with the wire format's mapper, for code that must not
 * depend on Jackson (the processing core) and writes a value too often to bind a record for it each
 * time (a checkpoint's window states). Values other than strings, numbers, booleans and null are
 * written by the mapper's serializer for their type, so the text is the one
 * {@link WireFormat#writeString} writes for the same values. Not thread-safe; one document per
 * instance.
 */
public final class JsonText {

	private final StringWriter out;

	private final JsonGenerator json;

	/** @param expectedLength a guess of the text's length, to size the buffer */
	public JsonText(int expectedLength) {
		this.out = new StringWriter(Math.max(16, expectedLength));
		this.json = WireFormat.mapper().createGenerator(this.out);
	}

	public JsonText startObject() {
		return run(this.json::writeStartObject);
	}

	public JsonText endObject() {
		return run(this.json::writeEndObject);
	}

	public JsonText startArray() {
		return run(this.json::writeStartArray);
	}

	public JsonText endArray() {
		return run(this.json::writeEndArray);
	}

	public JsonText name(String name) {
		return run(() -> this.json.writeName(name));
	}

	public JsonText string(String name, String value) {
		return run(() -> this.json.writeStringProperty(name, value));
	}

	public JsonText number(String name, long value) {
		return run(() -> this.json.writeNumberProperty(name, value));
	}

	public JsonText bool(String name, boolean value) {
		return run(() -> this.json.writeBooleanProperty(name, value));
	}

	/** An array of numbers, as the mapper writes a {@code long[]}. */
	public JsonText numbers(long[] values) {
		return run(() -> this.json.writeArray(values, 0, values.length));
	}

	/** Any value: scalars directly, anything else through the mapper's serializer for its type. */
	public JsonText value(@Nullable Object value) {
		return run(() -> {
			if (!WireOutput.scalar(value, this.json)) {
				this.json.writePOJO(value);
			}
		});
	}

	/** The document written; the writer is done. */
	public String finish() {
		run(this.json::close);
		return this.out.toString();
	}

	private JsonText run(Runnable write) {
		try {
			write.run();
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot write JSON: " + ex.getOriginalMessage(), ex);
		}
		return this;
	}

}
