package io.tributary.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WireFormatTests {

	@Test
	void writesResultsInTheDocumentedShape() {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("views", 3L);
		metrics.put("avg", null);
		WindowResult r = new WindowResult("p", "k", Instant.parse("2026-01-01T00:00:00Z"),
				Instant.parse("2026-01-01T00:00:10Z"), true, 2, metrics, new Counts(3, 1, 0));

		String json = WireFormat.writeString(r);

		assertThat(json).isEqualTo("{\"pipeline\":\"p\",\"key\":\"k\",\"windowStart\":\"2026-01-01T00:00:00Z\","
				+ "\"windowEnd\":\"2026-01-01T00:00:10Z\",\"final\":true,\"revision\":2,\"version\":1,"
				+ "\"metrics\":{\"views\":3,\"avg\":null},\"counts\":{\"events\":3,\"late\":1,\"duplicates\":0}}");
		assertThat(WireFormat.writeString(WireFormat.read(json, WindowResult.class))).isEqualTo(json);
	}

	@Test
	void aResultNamesThePipelineVersionThatComputedIt() {
		// version 2's first revision: 2^32 + 1
		WindowResult r = new WindowResult("p", "k", Instant.parse("2026-01-01T00:00:00Z"),
				Instant.parse("2026-01-01T00:00:10Z"), false, 4_294_967_297L, 2, Map.of("views", 1L),
				new Counts(1, 0, 0), null);

		String json = WireFormat.writeString(r);

		assertThat(json).contains("\"revision\":4294967297,\"version\":2,");
		assertThat(WireFormat.read(json, WindowResult.class)).isEqualTo(r);
	}

	@Test
	void aResultStoredBeforeResultsNamedTheirVersionReadsAsVersionOne() {
		String legacy = "{\"pipeline\":\"p\",\"key\":\"k\",\"windowStart\":\"2026-01-01T00:00:00Z\","
				+ "\"windowEnd\":\"2026-01-01T00:00:10Z\",\"final\":true,\"revision\":7,"
				+ "\"metrics\":{\"views\":3},\"counts\":{\"events\":3,\"late\":0,\"duplicates\":0}}";

		WindowResult read = WireFormat.read(legacy, WindowResult.class);

		assertThat(read.version()).isEqualTo(1);
		assertThat(read.revision()).isEqualTo(7);
		assertThat(WireFormat.writeString(read)).contains("\"revision\":7,\"version\":1,");
	}

	@Test
	void aVersionBelowOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WindowResult("p", "k",
				Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:10Z"), false, 1, -1,
				Map.of(), new Counts(0, 0, 0), null));
	}

	@Test
	void roundTripsEventBatches() {
		Event e = new Event("id-1", "ing-1", "s", Instant.parse("2026-01-01T00:00:01.5Z"),
				Instant.parse("2026-01-01T00:00:02Z"), Map.of("a", "x", "n", 42L, "d", 1.5));
		EventBatch batch = new EventBatch(List.of(e));

		assertThat(WireFormat.read(WireFormat.write(batch), EventBatch.class)).isEqualTo(batch);
	}

	@Test
	void writesProgressMarkersOnlyWhenABatchHasSomeAndReadsOlderBatchesAsHavingNone() {
		Event e = new Event("id-1", "ing-1", "s", Instant.parse("2026-01-01T00:00:01Z"),
				Instant.parse("2026-01-01T00:00:02Z"), Map.of());
		EventBatch marker = EventBatch.progress(new StreamProgress("s", "ingestion-a", Instant.parse("2026-01-01T00:00:03Z")));

		assertThat(WireFormat.writeString(new EventBatch(List.of(e)))).doesNotContain("progress");
		assertThat(WireFormat.writeString(marker)).isEqualTo(
				"{\"events\":[],\"progress\":[{\"stream\":\"s\",\"source\":\"ingestion-a\",\"until\":\"2026-01-01T00:00:03Z\"}]}");
		assertThat(WireFormat.read(WireFormat.write(marker), EventBatch.class)).isEqualTo(marker);
		assertThat(WireFormat.read("{\"events\":[]}", EventBatch.class).progress()).isEmpty();
		KeyedBatch keyed = new KeyedBatch(3, List.of(), marker.progress());
		assertThat(WireFormat.read(WireFormat.write(keyed), KeyedBatch.class)).isEqualTo(keyed);
		assertThat(WireFormat.read("{\"partition\":3,\"events\":[]}", KeyedBatch.class).progress()).isEmpty();
	}

	@Test
	void readsEveryIntegerAsLongSoEventDataHasOneNumericType() {
		EventBatch batch = WireFormat.read("{\"events\":[{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\","
				+ "\"eventTime\":\"2026-01-01T00:00:00Z\",\"ingestTime\":\"2026-01-01T00:00:00Z\","
				+ "\"data\":{\"small\":1,\"nested\":{\"n\":[2]}}}]}", EventBatch.class);

		Map<String, Object> data = batch.events().get(0).data();
		assertThat(data.get("small")).isEqualTo(1L);
		assertThat(data.get("nested")).isEqualTo(Map.of("n", List.of(2L)));
	}

	@Test
	void writesResultBatchesWithOnlyTheirRecords() {
		assertThat(WireFormat.writeString(new ResultBatch(List.of(), List.of(), List.of())))
			.isEqualTo("{\"results\":[],\"late\":[],\"deadLetters\":[]}");
	}

	@Test
	void writesRetractionsOnlyWhenABatchHasSome() {
		WindowRetraction retraction = new WindowRetraction("p", "k", Instant.parse("2026-01-01T00:01:00Z"),
				Instant.parse("2026-01-01T00:01:30Z"), 3, Instant.parse("2026-01-01T00:00:00Z"),
				Instant.parse("2026-01-01T00:01:30Z"));
		ResultBatch batch = new ResultBatch(List.of(), List.of(), List.of(), List.of(retraction), List.of());

		String json = WireFormat.writeString(batch);

		assertThat(json).isEqualTo("{\"results\":[],\"late\":[],\"deadLetters\":[],\"retractions\":[{\"pipeline\":\"p\","
				+ "\"key\":\"k\",\"windowStart\":\"2026-01-01T00:01:00Z\",\"windowEnd\":\"2026-01-01T00:01:30Z\","
				+ "\"revision\":3,\"mergedIntoStart\":\"2026-01-01T00:00:00Z\",\"mergedIntoEnd\":\"2026-01-01T00:01:30Z\"}]}");
		assertThat(WireFormat.read(json, ResultBatch.class)).isEqualTo(batch);
		assertThat(batch.isEmpty()).isFalse();
	}

	@Test
	void readsABatchWrittenBeforeRetractionsExistedAsOneWithoutAny() {
		ResultBatch batch = WireFormat.read("{\"results\":[],\"late\":[],\"deadLetters\":[]}", ResultBatch.class);

		assertThat(batch.retractions()).isEmpty();
		assertThat(batch.isEmpty()).isTrue();
		assertThat(WireFormat.read("{\"results\":[],\"late\":[],\"deadLetters\":[],\"retractions\":null}",
				ResultBatch.class).retractions()).isEmpty();
	}

	@Test
	void aDeadLetterNamesTheApiKeyThatPublishedItsEventAndOneWithoutAKeyHasNoSuchField() {
		DeadLetterRecord named = new DeadLetterRecord("s", "p", "e1", Instant.parse("2026-01-01T00:00:00Z"),
				Instant.parse("2026-01-01T00:00:01Z"), "lookup miss", Map.of("a", 1L), null, null,
				"billing-publisher");
		DeadLetterRecord unnamed = new DeadLetterRecord("s", null, "e2", Instant.parse("2026-01-01T00:00:00Z"),
				Instant.parse("2026-01-01T00:00:01Z"), "too far ahead", Map.of());

		assertThat(WireFormat.writeString(named)).endsWith(",\"data\":{\"a\":1},\"apiKey\":\"billing-publisher\"}");
		assertThat(WireFormat.read(WireFormat.write(named), DeadLetterRecord.class)).isEqualTo(named);
		assertThat(WireFormat.writeString(unnamed)).doesNotContain("apiKey");
	}

	@Test
	void readsRecordsAndKeyedEventsWrittenBeforeTheyNamedAnApiKey() {
		DeadLetterRecord old = WireFormat.read("{\"stream\":\"s\",\"pipeline\":null,\"eventId\":\"e\","
				+ "\"eventTime\":\"2026-01-01T00:00:00Z\",\"recordedAt\":\"2026-01-01T00:00:01Z\",\"reason\":\"r\","
				+ "\"data\":{}}", DeadLetterRecord.class);
		KeyedEvent keyed = WireFormat.read("{\"pipeline\":\"p\",\"key\":\"k\",\"eventId\":\"e\",\"ingestId\":\"i\","
				+ "\"eventTime\":\"2026-01-01T00:00:00Z\",\"values\":{}}", KeyedEvent.class);

		assertThat(old.apiKey()).isNull();
		assertThat(old.eventId()).isEqualTo("e");
		assertThat(keyed.apiKey()).isNull();
		assertThat(WireFormat.writeString(keyed)).doesNotContain("apiKey");
		assertThat(WireFormat.writeString(new KeyedEvent("p", "k", "e", "i", Instant.EPOCH, Map.of(), null, "bench")))
			.endsWith(",\"apiKey\":\"bench\"}");
	}

	@Test
	void keepsNullFieldsOfEventData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("a", null);
		Event e = new Event("i", "g", "s", Instant.EPOCH, Instant.EPOCH, data);

		assertThat(WireFormat.read(WireFormat.write(e), Event.class).data()).containsEntry("a", null);
	}

	@Test
	void rejectsMalformedPayloadsWithTheTypeName() {
		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.read("{oops", EventBatch.class))
			.withMessageStartingWith("Malformed EventBatch");
	}

	@Test
	void spreadsKeysOverAllPartitionsAndIsStable() {
		int[] seen = new int[8];
		for (int i = 0; i < 10_000; i++) {
			seen[Partitions.of("p", "key-" + i, 8)]++;
		}
		for (int n : seen) {
			assertThat(n).isBetween(1000, 1500);
		}
		// pinned: a change of the function would orphan stored window state
		assertThat(Partitions.of("campaign-views", "campaign-7", 8)).isEqualTo(Partitions.of("campaign-views", "campaign-7", 8));
	}

}
