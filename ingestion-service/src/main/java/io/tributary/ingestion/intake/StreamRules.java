package io.tributary.ingestion.intake;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import io.tributary.contract.Event;
import io.tributary.contract.JsonObjectData;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.Durations;
import io.tributary.contract.pipeline.StreamDefinition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The rules of one stream, ready to apply: where its events' id and time are, the JSON Schema they
 * must satisfy, and how far ahead of ingestion's clock their event times may be. Turns a parsed
 * event into an {@link Event}, or lists what is wrong with it.
 */
final class StreamRules {

	/** Longest accepted event id: ids are kept as Redis hash fields by processing. */
	static final int MAX_ID_LENGTH = 512;

	private static final ExecutionConfig SCHEMA_EXECUTION = ExecutionConfig.builder()
		.formatAssertionsEnabled(true)
		.locale(Locale.ENGLISH)
		.build();

	private final StreamDefinition definition;

	private final @Nullable List<String> idPath;

	private final @Nullable List<String> timePath;

	private final @Nullable Schema schema;

	private final long maxFutureMillis;

	StreamRules(StreamDefinition definition, @Nullable Schema schema) {
		this.definition = definition;
		this.idPath = definition.idField() == null ? null : List.of(definition.idField().split("\\."));
		this.timePath = definition.timeField() == null ? null : List.of(definition.timeField().split("\\."));
		this.schema = schema;
		this.maxFutureMillis = definition.maxFuture().toMillis();
	}

	String stream() {
		return this.definition.name();
	}

	/**
	 * The event, or null with the reasons added to {@code problems}. Its data is {@code json}, the
	 * node's bytes as they came, where the reader knows them; else the node made a map.
	 */
	@Nullable Event toEvent(JsonNode node, @Nullable JsonObjectData json, int index, IdSource ids, Instant ingestTime,
			List<String> problems) {
		if (!node.isObject()) {
			problems.add("expected a JSON object, not " + Json.describe(node));
			return null;
		}
		int before = problems.size();
		if (this.schema != null) {
			for (Error error : this.schema.validate(node, (ctx) -> ctx.setExecutionConfig(SCHEMA_EXECUTION))) {
				problems.add(schemaProblem(error));
			}
		}
		String wideInteger = Json.integerBeyondLong(node);
		if (wideInteger != null) {
			problems.add("field '" + wideInteger + "' holds an integer outside the 64-bit range (-2^63 to 2^63-1) "
					+ "that pipelines count with; send it as a string or a decimal number");
		}
		String id = id(node, index, ids, problems);
		Instant eventTime = eventTime(node, ingestTime, problems);
		if (eventTime != null && isTooFarAhead(eventTime, ingestTime)) {
			problems.add(tooFarAhead(this.idPath == null ? null : id, eventTime, ingestTime));
			return null;
		}
		if (problems.size() > before || id == null || eventTime == null) {
			return null;
		}
		return new Event(id, ids.ingestId(index), stream(), eventTime, ingestTime, (json != null) ? json : data(node));
	}

	private @Nullable String id(JsonNode node, int index, IdSource ids, List<String> problems) {
		if (this.idPath == null) {
			return ids.generatedEventId(index);
		}
		String field = this.definition.idField();
		JsonNode value = Json.at(node, this.idPath);
		if (value == null) {
			problems.add("id field '" + field + "' is missing; this stream identifies events by it");
			return null;
		}
		String id;
		if (value.isString()) {
			id = value.stringValue();
		}
		else if (value.isIntegralNumber()) {
			id = value.bigIntegerValue().toString();
		}
		else {
			problems.add("id field '" + field + "' must be a string or an integer, not " + Json.describe(value));
			return null;
		}
		if (id.isBlank()) {
			problems.add("id field '" + field + "' is empty");
			return null;
		}
		if (id.length() > MAX_ID_LENGTH) {
			problems.add("id field '" + field + "' is longer than " + MAX_ID_LENGTH + " characters");
			return null;
		}
		return id;
	}

	private @Nullable Instant eventTime(JsonNode node, Instant ingestTime, List<String> problems) {
		if (this.timePath == null) {
			return ingestTime;
		}
		JsonNode value = Json.at(node, this.timePath);
		if (value == null) {
			return ingestTime;
		}
		try {
			return EventTimes.parse(value, this.definition.timeField());
		}
		catch (DateTimeException ex) {
			problems.add(ex.getMessage());
			return null;
		}
	}

	/**
	 * Whether the event time is past ingestion's clock plus the stream's {@code max-future}: one such
	 * event would move its partition's watermark past everyone else's data. (Both times are within
	 * years 0001 to 9999, so the difference cannot overflow.)
	 */
	private boolean isTooFarAhead(Instant eventTime, Instant ingestTime) {
		return eventTime.toEpochMilli() - ingestTime.toEpochMilli() > this.maxFutureMillis;
	}

	/** Names the event (by its id when the stream has an id field), its time, the limit and the setting. */
	private String tooFarAhead(@Nullable String id, Instant eventTime, Instant ingestTime) {
		return (id == null ? "" : "event '" + id + "': ") + "event time " + eventTime + " is after "
				+ ingestTime.plusMillis(this.maxFutureMillis) + ", ingestion's clock plus the stream's max-future of "
				+ Durations.format(this.definition.maxFuture()) + " (streams." + stream()
				+ ".max-future); an event time that far ahead would move the watermark past everyone else's events";
	}

	/**
	 * The event body as a map, in the order sent, JSON nulls kept (as null values), with the values
	 * processing reads from the message (integers as longs).
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(JsonNode node) {
		return WireFormat.mapper().treeToValue(node, LinkedHashMap.class);
	}

	private static String schemaProblem(Error error) {
		String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
		return location.isEmpty() ? "schema: " + error.getMessage()
				: "schema: " + location + ": " + error.getMessage();
	}

}
