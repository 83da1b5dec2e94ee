package io.tributary.contract;

import java.time.Instant;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;

/**
 * The strings and instants one message repeats, read once and shared by every record of the
 * message: all events of an ingestion request have the same stream and ingest time, ten events in a
 * row often the same event time, and a keyed batch names a few pipelines, keys and API keys many
 * times. The parser's characters are compared with the text of a value read before (a small table
 * indexed by the text's hash) instead of making a new string and parsing the instant again; a
 * shared key string also keeps its cached hash for the window stage's lookups. Reading the
 * envelope's instants was about a tenth of decoding an event (docs/benchmarks.md).
 * <p>
 * One per read (an attribute of the {@link DeserializationContext}, which Jackson makes per call),
 * so nothing is shared between messages or threads. Only strings up to {@link #MAX_LENGTH}
 * characters are kept; anything but a string token goes to {@link WireValues}, so what is accepted
 * and what it means are unchanged.
 */
final class RepeatedValues {

	/** Longer strings are read as they are (ids are unique; long texts are rarely repeated). */
	static final int MAX_LENGTH = 64;

	private static final int INSTANT_SLOTS = 8;

	private final Strings labels = new Strings(16);

	private final Strings keys = new Strings(64);

	private final char[][] instantText = new char[INSTANT_SLOTS][];

	private final Instant[] instants = new Instant[INSTANT_SLOTS];

	private RepeatedValues() {
	}

	/** The values of the read in progress, made at its first use. */
	static RepeatedValues of(DeserializationContext ctxt) {
		if (ctxt.getAttribute(RepeatedValues.class) instanceof RepeatedValues values) {
			return values;
		}
		RepeatedValues values = new RepeatedValues();
		ctxt.setAttribute(RepeatedValues.class, values);
		return values;
	}

	/**
	 * The current value as a string property of few distinct values (stream, pipeline, API key); the
	 * same instance as an equal one read before.
	 */
	@Nullable String label(JsonParser p, JsonToken token, DeserializationContext ctxt) {
		return this.labels.read(p, token, ctxt);
	}

	/** The current value as a key; the same instance as an equal one read before, if still held. */
	@Nullable String key(JsonParser p, JsonToken token, DeserializationContext ctxt) {
		return this.keys.read(p, token, ctxt);
	}

	/** The current value as an {@link Instant} property; parsed once per distinct text. */
	@Nullable Instant instant(JsonParser p, JsonToken token, DeserializationContext ctxt) {
		if (token != JsonToken.VALUE_STRING) {
			return WireValues.instant(p, token, ctxt);
		}
		int length = p.getStringLength();
		if (length > MAX_LENGTH) {
			return WireValues.instant(p, token, ctxt);
		}
		char[] buffer = p.getStringCharacters();
		int offset = p.getStringOffset();
		int slot = slot(buffer, offset, length, INSTANT_SLOTS);
		char[] known = this.instantText[slot];
		if (known != null && Arrays.equals(known, 0, known.length, buffer, offset, offset + length)) {
			return this.instants[slot];
		}
		char[] text = Arrays.copyOfRange(buffer, offset, offset + length);
		Instant value = WireValues.instant(p, token, ctxt);
		if (value != null) {
			this.instantText[slot] = text;
			this.instants[slot] = value;
		}
		return value;
	}

	/** A table of strings read, one per slot; a string read replaces the slot's earlier one. */
	private static final class Strings {

		private final char[][] text;

		private final String[] values;

		Strings(int slots) {
			this.text = new char[slots][];
			this.values = new String[slots];
		}

		@Nullable String read(JsonParser p, JsonToken token, DeserializationContext ctxt) {
			if (token != JsonToken.VALUE_STRING) {
				return WireValues.string(p, token, ctxt);
			}
			int length = p.getStringLength();
			if (length > MAX_LENGTH) {
				return p.getString();
			}
			char[] buffer = p.getStringCharacters();
			int offset = p.getStringOffset();
			int slot = slot(buffer, offset, length, this.values.length);
			char[] known = this.text[slot];
			if (known != null && Arrays.equals(known, 0, known.length, buffer, offset, offset + length)) {
				return this.values[slot];
			}
			String value = new String(buffer, offset, length);
			this.text[slot] = Arrays.copyOfRange(buffer, offset, offset + length);
			this.values[slot] = value;
			return value;
		}

	}

	/** The table slot of a text: its {@link String#hashCode()}-style hash, spread, masked. */
	private static int slot(char[] buffer, int offset, int length, int slots) {
		int hash = 0;
		for (int i = offset; i < offset + length; i++) {
			hash = 31 * hash + buffer[i];
		}
		return (hash ^ (hash >>> 16)) & (slots - 1);
	}

}
