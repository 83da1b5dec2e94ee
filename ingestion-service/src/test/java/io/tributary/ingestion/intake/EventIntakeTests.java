package io.tributary.ingestion.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.JsonObjectData;
import io.tributary.contract.WireFormat;
import io.tributary.ingestion.TestPipelines;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventIntakeTests {

	private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");

	private static final JsonMapper PLAIN = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

	private static final StreamCatalog CATALOG = StreamCatalog.of(TestPipelines.load());

	private final EventIntake intake = new EventIntake(CATALOG, new ReadLimits(5, 1 << 20, 1 << 20, 64, 1 << 20, 100, 1000), 3,
			Clock.fixed(NOW, ZoneOffset.UTC));

	private EventBatch accept(String stream, String body, BodyFormat format) {
		return this.intake.accept(stream, body.getBytes(StandardCharsets.UTF_8), format, IdSource.fresh());
	}

	private InvalidRequestException rejected(String stream, String body, BodyFormat format) {
		return org.assertj.core.api.Assertions.catchThrowableOfType(InvalidRequestException.class,
				() -> accept(stream, body, format));
	}

	@Test
	void takesIdsAndEventTimesFromTheDeclaredFields() {
		EventBatch batch = accept("orders", """
				[{"order_id": "o-1", "amount": 1, "occurred_at": "2024-05-01T14:00:00+02:00"},
				 {"order_id": 42, "amount": 2.5, "occurred_at": 1700000000000},
				 {"order_id": "o-3", "amount": 3, "occurred_at": "2024-05-01T12:00:00.123Z"},
				 {"order_id": "o-4", "amount": 4, "occurred_at": "1700000000000"},
				 {"order_id": "o-5", "amount": 5}]""", BodyFormat.JSON);

		assertThat(batch.events()).extracting(Event::id).containsExactly("o-1", "42", "o-3", "o-4", "o-5");
		assertThat(batch.events()).extracting(Event::eventTime)
			.containsExactly(Instant.ofEpochMilli(1714564800000L), Instant.ofEpochMilli(1700000000000L),
					Instant.ofEpochMilli(1714564800123L), Instant.ofEpochMilli(1700000000000L), NOW);
		assertThat(batch.events()).allSatisfy((e) -> {
			assertThat(e.stream()).isEqualTo("orders");
			assertThat(e.ingestTime()).isEqualTo(NOW);
		});
	}

	@Test
	void keepsTheEventBodyAsSent() {
		EventBatch batch = accept("orders", """
				{"order_id": "o-1", "amount": 12.75, "currency": "EUR", "items": [{"sku": "a", "qty": 2}],
				 "gift": true, "note": null}""", BodyFormat.JSON);

		Map<String, Object> expected = new java.util.LinkedHashMap<>();
		expected.put("order_id", "o-1");
		expected.put("amount", 12.75);
		expected.put("currency", "EUR");
		// read as processing reads the message: integers as longs
		expected.put("items", List.of(Map.of("sku", "a", "qty", 2L)));
		expected.put("gift", true);
		expected.put("note", null);
		assertThat(batch.events()).singleElement()
			.satisfies((e) -> assertThat(e.data()).containsExactlyEntriesOf(expected));
	}

	@Test
	void readsNestedIdAndTimeFields() {
		EventBatch batch = accept("readings", """
				{"meta": {"id": "r-1", "ts": "2024-05-01T12:00:00Z"}, "value": 3}""", BodyFormat.JSON);

		assertThat(batch.events()).singleElement().satisfies((e) -> {
			assertThat(e.id()).isEqualTo("r-1");
			assertThat(e.eventTime()).isEqualTo(Instant.ofEpochMilli(1714564800000L));
		});
	}

	@Test
	void generatesTimeOrderedIdsAndTakesIngestionTimeForStreamsWithoutFields() {
		EventBatch batch = accept("clicks", "{\"a\":1}\n\n{\"a\":2}\r\n   \n{\"a\":3}\n", BodyFormat.NDJSON);

		assertThat(batch.events()).hasSize(3).allSatisfy((e) -> {
			assertThat(UUID.fromString(e.id()).version()).isEqualTo(7);
			assertThat(e.eventTime()).isEqualTo(NOW);
		});
		assertThat(batch.events()).extracting((e) -> e.data().get("a")).containsExactly(1L, 2L, 3L);
		assertThat(new HashSet<>(batch.events().stream().map(Event::id).toList())).hasSize(3);
		assertThat(new HashSet<>(batch.events().stream().map(Event::ingestId).toList())).hasSize(3);
	}

	@Test
	void forwardsEachEventAsTheObjectSentWhateverTheBodysShape() {
		List<String> objects = List.of("{\"order_id\": \"o-1\", \"amount\": 1}",
				"{ \"order_id\" : \"o-\\u00e9\\\"}\" ,\n \"nested\" : { \"l\" : [ 1 , { } , [ ] , null ] }, \"amount\": 0.5e3 }",
				"{\"order_id\":\"o-3\",\"note\":\"€ 😀 ünï\",\"amount\":9223372036854775807}");
		String array = "\uFEFF [ " + String.join(" ,\r\n\t", objects) + " ] ";
		String ndjson = "\n" + String.join("\r\n  \n", objects.stream().map((o) -> o.replace('\n', '\t')).toList()) + "\r\n";
		for (EventBatch batch : List.of(accept("orders", array, BodyFormat.JSON), accept("orders", ndjson, BodyFormat.NDJSON),
				accept("orders", " " + objects.get(1) + "\n", BodyFormat.JSON))) {
			EventBatch forwarded = WireFormat.read(WireFormat.writeMessage(batch), EventBatch.class);
			List<String> sent = (batch.events().size() == 1) ? List.of(objects.get(1)) : objects;
			// the reference: a plain read of each object as sent, with the wire's numbers
			assertThat(forwarded.events()).extracting(Event::data)
				.isEqualTo(sent.stream().map((json) -> PLAIN.readValue(json, LinkedHashMap.class)).toList());
			assertThat(batch.events()).extracting(Event::data).isEqualTo(forwarded.events().stream().map(Event::data).toList());
			// kept as the bytes sent, which is what makes forwarding cheap
			assertThat(batch.events()).extracting(Event::data).allMatch(JsonObjectData.class::isInstance);
		}
	}

	@Test
	void readsBodiesInOtherEncodingsToTheSameEvents() {
		String body = "[{\"order_id\": \"o-1\", \"amount\": 1, \"n\": {\"a\": [2.5, null]}}]";
		EventBatch utf16 = this.intake.accept("orders", body.getBytes(StandardCharsets.UTF_16), BodyFormat.JSON,
				IdSource.fresh());
		EventBatch utf8 = accept("orders", body, BodyFormat.JSON);

		assertThat(utf16.events()).extracting(Event::data).isEqualTo(utf8.events().stream().map(Event::data).toList());
		assertThat(WireFormat.read(WireFormat.writeMessage(utf16), EventBatch.class).events().get(0).data())
			.isEqualTo(utf8.events().get(0).data());
	}

	@Test
	void refusesAnIntegerThatPipelinesCannotCountWith() {
		InvalidRequestException ex = rejected("clicks", """
				[{"a": 9223372036854775807, "b": -9223372036854775808},
				 {"a": 1, "items": [{"qty": 1}, {"qty": 9223372036854775808}]},
				 {"amount": -9223372036854775809}]""", BodyFormat.JSON);

		assertThat(ex.errors()).extracting(EventError::index).containsExactly(1, 2);
		assertThat(ex.errors().get(0).message()).startsWith("field 'items[1].qty' holds an integer outside the 64-bit range");
		assertThat(ex.errors().get(1).message()).startsWith("field 'amount' holds an integer outside the 64-bit range");
	}

	@Test
	void givesEveryAcceptanceNewIngestIds() {
		String body = "{\"order_id\": \"o-1\", \"amount\": 1}";
		Event first = accept("orders", body, BodyFormat.JSON).events().get(0);
		Event retry = accept("orders", body, BodyFormat.JSON).events().get(0);

		assertThat(retry.id()).isEqualTo(first.id());
		assertThat(retry.ingestId()).isNotEqualTo(first.ingestId());
	}

	@Test
	void derivesTheSameIdsForEveryDeliveryOfABrokerMessage() {
		byte[] body = "[{\"a\": 1}, {\"a\": 2}]".getBytes(StandardCharsets.UTF_8);
		EventBatch first = this.intake.accept("clicks", body, BodyFormat.JSON, IdSource.derived("clicks", "m-1"));
		EventBatch again = this.intake.accept("clicks", body, BodyFormat.JSON, IdSource.derived("clicks", "m-1"));
		EventBatch other = this.intake.accept("clicks", body, BodyFormat.JSON, IdSource.derived("clicks", "m-2"));

		assertThat(again.events()).extracting(Event::id).isEqualTo(first.events().stream().map(Event::id).toList());
		assertThat(again.events()).extracting(Event::ingestId)
			.isEqualTo(first.events().stream().map(Event::ingestId).toList());
		assertThat(first.events().get(0).ingestId()).isNotEqualTo(first.events().get(1).ingestId());
		assertThat(first.events().get(0).id()).isNotEqualTo(first.events().get(1).id());
		assertThat(other.events().get(0).ingestId()).isNotEqualTo(first.events().get(0).ingestId());
		assertThat(other.events().get(0).id()).isNotEqualTo(first.events().get(0).id());
	}

	@Test
	void namesEachBadEventByItsIndexAndSaysWhy() {
		InvalidRequestException ex = rejected("orders", """
				[{"order_id": "o-1", "amount": 1},
				 {"amount": 2},
				 {"order_id": "o-3", "amount": 3, "occurred_at": "yesterday"},
				 {"order_id": 4.5, "amount": 4}]""", BodyFormat.JSON);

		assertThat(ex.malformed()).isFalse();
		assertThat(ex.invalidEvents()).isEqualTo(3);
		assertThat(ex.errors()).extracting(EventError::index).containsExactly(1, 1, 2);
		assertThat(ex.errors().get(0).message()).contains("schema").contains("order_id");
		assertThat(ex.errors().get(1).message()).contains("id field 'order_id' is missing");
		assertThat(ex.errors().get(2).message()).contains("time field 'occurred_at'").contains("yesterday");
		assertThat(ex.getMessage()).contains("3 of 4");
	}

	@Test
	void reportsSchemaViolationsWithTheirLocation() {
		InvalidRequestException ex = rejected("orders",
				"{\"order_id\": \"o-1\", \"amount\": -1, \"currency\": \"euro\"}", BodyFormat.JSON);

		assertThat(ex.errors()).extracting(EventError::message)
			.anySatisfy((m) -> assertThat(m).contains("/amount"))
			.anySatisfy((m) -> assertThat(m).contains("/currency"));
	}

	@Test
	void rejectsIdsThatAreNeitherStringsNorIntegers() {
		InvalidRequestException ex = rejected("readings", """
				[{"meta": {"id": true}}, {"meta": {"id": ""}}, {"meta": {"id": {"x": 1}}}, {"meta": "flat"}]""",
				BodyFormat.JSON);

		assertThat(ex.invalidEvents()).isEqualTo(4);
		assertThat(ex.errors()).hasSize(3);
		assertThat(ex.errors().get(0).message()).contains("must be a string or an integer, not a boolean");
		assertThat(ex.errors().get(1).message()).contains("is empty");
		assertThat(ex.errors().get(2).message()).contains("not an object");
	}

	@Test
	void rejectsEventTimesThatAreNotInstants() {
		InvalidRequestException ex = rejected("readings", """
				[{"meta": {"id": "a", "ts": 1.5}},
				 {"meta": {"id": "b", "ts": "2024-05-01T12:00:00"}},
				 {"meta": {"id": "c", "ts": 999999999999999999}},
				 {"meta": {"id": "d", "ts": true}}]""", BodyFormat.JSON);

		assertThat(ex.errors()).extracting(EventError::index).containsExactly(0, 1, 2);
		assertThat(ex.errors().get(0).message()).contains("not a decimal number");
		assertThat(ex.errors().get(1).message()).contains("offset");
		assertThat(ex.errors().get(2).message()).contains("outside years 0001 to 9999");
		assertThat(ex.invalidEvents()).isEqualTo(4);
	}

	@Test
	void treatsANullEventTimeAsAbsent() {
		EventBatch batch = accept("readings", "{\"meta\": {\"id\": \"a\", \"ts\": null}}", BodyFormat.JSON);

		assertThat(batch.events().get(0).eventTime()).isEqualTo(NOW);
	}

	@Test
	void rejectsArrayElementsThatAreNotObjects() {
		InvalidRequestException ex = rejected("clicks", "[{\"a\": 1}, 2, \"x\", [1]]", BodyFormat.JSON);

		assertThat(ex.errors()).extracting(EventError::index).containsExactly(1, 2, 3);
		assertThat(ex.errors()).extracting(EventError::message)
			.containsExactly("expected a JSON object, not an integer", "expected a JSON object, not a string",
					"expected a JSON object, not an array");
		assertThat(ex.invalidEvents()).isEqualTo(3);
	}

	@Test
	void reportsMalformedJsonAtTheIndexItBreaks() {
		InvalidRequestException ex = rejected("clicks", "[{\"a\": 1}, {\"a\": 2,}, {\"a\": 3}]", BodyFormat.JSON);

		assertThat(ex.malformed()).isTrue();
		assertThat(ex.errors()).singleElement().satisfies((e) -> {
			assertThat(e.index()).isEqualTo(1);
			assertThat(e.message()).startsWith("malformed JSON at line 1, column");
		});
	}

	@Test
	void reportsABadNdjsonLineByEventIndexAndLineNumber() {
		InvalidRequestException ex = rejected("clicks", "{\"a\": 1}\n\n{\"a\": \n{\"a\": 3}\n", BodyFormat.NDJSON);

		assertThat(ex.malformed()).isTrue();
		assertThat(ex.errors()).singleElement().satisfies((e) -> {
			assertThat(e.index()).isEqualTo(1);
			assertThat(e.line()).isEqualTo(3);
		});
		assertThat(ex.getMessage()).startsWith("line 3 of the NDJSON body");
	}

	@Test
	void rejectsTwoValuesOnOneNdjsonLine() {
		InvalidRequestException ex = rejected("clicks", "{\"a\": 1} {\"a\": 2}", BodyFormat.NDJSON);

		assertThat(ex.errors()).singleElement()
			.satisfies((e) -> assertThat(e.message()).isEqualTo("more than one JSON value on the line"));
	}

	@Test
	void rejectsDuplicateKeys() {
		InvalidRequestException ex = rejected("orders", "{\"order_id\": \"a\", \"order_id\": \"b\", \"amount\": 1}",
				BodyFormat.JSON);

		assertThat(ex.malformed()).isTrue();
		assertThat(ex.getMessage()).contains("Duplicate").contains("order_id");
	}

	@Test
	void rejectsBodiesWithoutEvents() {
		for (String body : List.of("", "   ", "[]", "\n\n")) {
			InvalidRequestException ex = rejected("clicks", body,
					body.contains("\n") ? BodyFormat.NDJSON : BodyFormat.JSON);
			assertThat(ex.getMessage()).as(body).isEqualTo("the body contains no events");
		}
	}

	@Test
	void rejectsScalarsAndTrailingContent() {
		assertThat(rejected("clicks", "42", BodyFormat.JSON).getMessage())
			.isEqualTo("expected a JSON object or an array of objects, not a number");
		assertThat(rejected("clicks", "{\"a\": 1} {\"a\": 2}", BodyFormat.JSON).getMessage())
			.startsWith("unexpected content after the JSON value");
	}

	@Test
	void refusesMoreEventsThanTheLimit() {
		String five = "[{},{},{},{},{}]";
		assertThat(accept("clicks", five, BodyFormat.JSON).events()).hasSize(5);

		assertThatExceptionOfType(TooManyEventsException.class)
			.isThrownBy(() -> accept("clicks", "[{},{},{},{},{},{}]", BodyFormat.JSON))
			.withMessageContaining("more than 5 events");
		assertThatExceptionOfType(TooManyEventsException.class)
			.isThrownBy(() -> accept("clicks", "{}\n{}\n{}\n{}\n{}\n{}\n", BodyFormat.NDJSON));
	}

	@Test
	void listsAtMostTheConfiguredNumberOfErrorsButCountsAll() {
		InvalidRequestException ex = rejected("clicks", "[1, 2, 3, 4, 5]", BodyFormat.JSON);

		assertThat(ex.errors()).hasSize(3);
		assertThat(ex.invalidEvents()).isEqualTo(5);
	}

	@Test
	void rejectsUnknownStreams() {
		assertThatExceptionOfType(UnknownStreamException.class).isThrownBy(() -> accept("nope", "{}", BodyFormat.JSON))
			.withMessageContaining("'nope'")
			.withMessageContaining("[orders, readings, clicks, refused]");
	}

}
