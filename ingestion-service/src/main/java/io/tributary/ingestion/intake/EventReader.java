package io.tributary.ingestion.intake;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.JsonObjectData;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.UTF8StreamJsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Splits a body into its events, as JSON trees, without judging them yet. Stops as soon as the
 * body breaks one of its {@link ReadLimits} (more events than allowed, an NDJSON line, a string, a
 * number or a name too long, nesting too deep), so a hostile body costs no more than the limit to
 * reject. Malformed JSON is reported with the index of the event it breaks, where that is known.
 */
final class EventReader {

	/**
	 * Strict about duplicate keys: {"id": 1, "id": 2} is ambiguous, and different parsers downstream
	 * would pick different values. Trailing tokens are allowed because the reader reads one value at a
	 * time from a stream of them and checks what follows itself.
	 */
	static final JsonMapper MAPPER = mapper(StreamReadConstraints.defaults());

	/**
	 * One event as read from the body, with its JSON object's bytes in the body ({@code json}, the data
	 * ingestion forwards) when the body is UTF-8 and the event is an object, else null.
	 */
	record RawEvent(int index, @Nullable Integer line, JsonNode node, @Nullable JsonObjectData json) {
	}

	private final int maxEvents;

	private final int maxLineLength;

	/** {@link #MAPPER} with the read constraints of the limits. */
	private final JsonMapper mapper;

	EventReader(ReadLimits limits) {
		this.maxEvents = limits.maxEvents();
		this.maxLineLength = limits.maxLineLength();
		this.mapper = mapper(limits.constraints());
	}

	private static JsonMapper mapper(StreamReadConstraints constraints) {
		return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
	}

	List<RawEvent> read(byte[] body, BodyFormat format) {
		List<RawEvent> events = switch (format) {
			case JSON -> readJson(body);
			case NDJSON -> readNdjson(body);
		};
		if (events.isEmpty()) {
			throw InvalidRequestException.malformedBody("the body contains no events", List.of());
		}
		return events;
	}

	private List<RawEvent> readJson(byte[] body) {
		List<RawEvent> events = new ArrayList<>();
		try (JsonParser parser = this.mapper.createParser(body)) {
			JsonToken first = nextToken(parser, null);
			if (first == null) {
				return events;
			}
			if (first == JsonToken.START_ARRAY) {
				int index = 0;
				while (nextToken(parser, index) != JsonToken.END_ARRAY) {
					if (index >= this.maxEvents) {
						throw new TooManyEventsException(this.maxEvents);
					}
					events.add(readEvent(parser, body, 0, index, null));
					index++;
				}
			}
			else if (first == JsonToken.START_OBJECT) {
				events.add(readEvent(parser, body, 0, 0, null));
			}
			else {
				throw InvalidRequestException.malformedBody(
						"expected a JSON object or an array of objects, not " + describe(first), List.of());
			}
			if (nextToken(parser, null) != null) {
				throw InvalidRequestException.malformedBody("unexpected content after the JSON value at "
						+ where(parser.currentTokenLocation()), List.of());
			}
		}
		return events;
	}

	private List<RawEvent> readNdjson(byte[] body) {
		List<RawEvent> events = new ArrayList<>();
		int start = 0;
		int lineNumber = 0;
		while (start < body.length) {
			int end = start;
			while (end < body.length && body[end] != '\n') {
				end++;
			}
			lineNumber++;
			if (!isBlank(body, start, end)) {
				int index = events.size();
				if (index >= this.maxEvents) {
					throw new TooManyEventsException(this.maxEvents);
				}
				events.add(readLine(body, start, end, index, lineNumber));
			}
			start = end + 1;
		}
		return events;
	}

	private RawEvent readLine(byte[] body, int start, int end, int index, int lineNumber) {
		int length = end > start && body[end - 1] == '\r' ? end - start - 1 : end - start;
		if (length > this.maxLineLength) {
			throw new LimitExceededException("line " + lineNumber + " of the NDJSON body is longer than "
					+ this.maxLineLength + " bytes (set by max-line-length)");
		}
		try (JsonParser parser = this.mapper.createParser(body, start, end - start)) {
			parser.nextToken();
			RawEvent event = readEvent(parser, body, start, index, lineNumber);
			if (parser.nextToken() != null) {
				throw lineProblem(index, lineNumber, "more than one JSON value on the line");
			}
			return event;
		}
		catch (StreamConstraintsException ex) {
			throw new LimitExceededException("line " + lineNumber + " of the NDJSON body: " + ReadLimits.describe(ex));
		}
		catch (JacksonException ex) {
			throw lineProblem(index, lineNumber, "malformed JSON: " + ex.getOriginalMessage());
		}
	}

	private static InvalidRequestException lineProblem(int index, int lineNumber, String message) {
		return InvalidRequestException.malformedBody("line " + lineNumber + " of the NDJSON body: " + message,
				List.of(new EventError(index, lineNumber, message)));
	}

	private static @Nullable JsonToken nextToken(JsonParser parser, @Nullable Integer index) {
		try {
			return parser.nextToken();
		}
		catch (StreamConstraintsException ex) {
			throw new LimitExceededException(ReadLimits.describe(ex));
		}
		catch (JacksonException ex) {
			throw malformed(ex, index);
		}
	}

	/**
	 * The value at the parser's current token, and the range of its bytes in the body when it is an
	 * object read by a UTF-8 parser; {@code base} is where in the body the parser's input starts. An
	 * NDJSON line's ({@code line} not null) read failures are left to its caller, which names the line.
	 */
	private RawEvent readEvent(JsonParser parser, byte[] body, int base, int index, @Nullable Integer line) {
		long start = (parser.currentToken() == JsonToken.START_OBJECT && parser instanceof UTF8StreamJsonParser)
				? base + parser.currentTokenLocation().getByteOffset() : -1;
		JsonNode node = (line == null) ? readValue(parser, index) : this.mapper.readTree(parser);
		long end = (start < 0) ? -1 : base + parser.currentTokenLocation().getByteOffset();
		if (start < 0 || end <= start || end >= body.length || body[(int) start] != '{' || body[(int) end] != '}') {
			return new RawEvent(index, line, node, null);
		}
		return new RawEvent(index, line, node, new JsonObjectData(body, (int) start, (int) (end - start + 1)));
	}

	private JsonNode readValue(JsonParser parser, int index) {
		try {
			return this.mapper.readTree(parser);
		}
		catch (StreamConstraintsException ex) {
			throw new LimitExceededException("event " + index + ": " + ReadLimits.describe(ex));
		}
		catch (JacksonException ex) {
			throw malformed(ex, index);
		}
	}

	private static InvalidRequestException malformed(JacksonException ex, @Nullable Integer index) {
		String message = "malformed JSON at " + where(ex.getLocation()) + ": " + ex.getOriginalMessage();
		return InvalidRequestException.malformedBody(message,
				index == null ? List.of() : List.of(new EventError(index, null, message)));
	}

	private static String where(@Nullable TokenStreamLocation location) {
		return location == null ? "an unknown position"
				: "line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

	private static String describe(JsonToken token) {
		return switch (token) {
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
		};
	}

	private static boolean isBlank(byte[] body, int start, int end) {
		for (int i = start; i < end; i++) {
			byte b = body[i];
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

}
