package io.tributary.storage.consume;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Counts;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadReaderTests {

	private final PayloadReader reader = new PayloadReader();

	@Test
	void readsAWellFormedResultBatch() {
		ResultBatch batch = new ResultBatch(List.of(new WindowResult("views", "c1", Instant.parse("2024-01-01T00:00:00Z"),
				Instant.parse("2024-01-01T00:00:10Z"), true, 1, Map.of("views", 2L), new Counts(2, 0, 0))), List.of(),
				List.of());

		PayloadReader.Read read = this.reader.read(List.of(WireFormat.write(batch)));

		assertThat(read.batches()).containsExactly(batch);
		assertThat(read.rejected()).isEmpty();
	}

	@Test
	void readsSmileAndJsonBatchesSideBySideAndRejectsBrokenSmile() {
		ResultBatch batch = new ResultBatch(List.of(new WindowResult("views", "c1", Instant.parse("2024-01-01T00:00:00Z"),
				Instant.parse("2024-01-01T00:00:10Z"), true, 1, Map.of("views", 2L), new Counts(2, 0, 0))), List.of(),
				List.of());
		byte[] smile = WireFormat.write(batch, WireFormat.Encoding.SMILE);

		PayloadReader.Read read = this.reader.read(List.of(smile, WireFormat.write(batch),
				java.util.Arrays.copyOf(smile, smile.length - 10)));

		assertThat(read.batches()).containsExactly(batch, batch);
		assertThat(read.rejected()).singleElement().satisfies((r) -> {
			assertThat(r.index()).isEqualTo(2);
			assertThat(r.reason()).startsWith("Malformed ResultBatch");
		});
	}

	@Test
	void rejectsWhatIsNotJsonOrNotAResultBatchAndKeepsTheRest() {
		String good = """
				{"results":[],"late":[],"deadLetters":[{"stream":"clicks","pipeline":null,"eventId":"e1",
				"eventTime":"2024-01-01T00:00:00Z","recordedAt":"2024-01-01T00:00:01Z","reason":"r","data":{}}]}""";

		PayloadReader.Read read = this.reader.read(List.of(utf8("not json"), utf8(good), utf8("{\"results\":[]}"),
				utf8("[1,2]")));

		assertThat(read.batches()).hasSize(1);
		assertThat(read.batches().get(0).deadLetters()).extracting(DeadLetterRecord::eventId).containsExactly("e1");
		assertThat(read.rejected()).extracting(PayloadReader.Rejected::index).containsExactly(0, 2, 3);
		assertThat(read.rejected()).allSatisfy((r) -> assertThat(r.reason()).startsWith("Malformed ResultBatch"));
	}

	@Test
	void rejectsAResultWhoseWindowDoesNotEndAfterItStarts() {
		String json = """
				{"results":[{"pipeline":"views","key":"k","windowStart":"2024-01-01T00:00:10Z",
				"windowEnd":"2024-01-01T00:00:10Z","final":true,"revision":1,"metrics":{},
				"counts":{"events":0,"late":0,"duplicates":0}}],"late":[],"deadLetters":[]}""";

		PayloadReader.Read read = this.reader.read(List.of(utf8(json)));

		assertThat(read.batches()).isEmpty();
		assertThat(read.rejected()).singleElement()
			.extracting(PayloadReader.Rejected::reason)
			.isEqualTo("Invalid ResultBatch: results[0]: windowEnd must be after windowStart");
	}

	@Test
	void readsRetractionsAndRejectsOneWhoseWindowDoesNotEndAfterItStarts() {
		String retraction = """
				{"results":[],"late":[],"deadLetters":[],"retractions":[{"pipeline":"views","key":"k",
				"windowStart":"2024-01-01T00:00:10Z","windowEnd":"%s","revision":2,
				"mergedIntoStart":"2024-01-01T00:00:00Z","mergedIntoEnd":"2024-01-01T00:00:40Z"}]}""";

		PayloadReader.Read read = this.reader.read(List.of(utf8(retraction.formatted("2024-01-01T00:00:30Z")),
				utf8(retraction.formatted("2024-01-01T00:00:10Z"))));

		assertThat(read.batches()).singleElement().satisfies((b) -> assertThat(b.retractions()).singleElement()
			.satisfies((r) -> assertThat(r.revision()).isEqualTo(2)));
		assertThat(read.rejected()).singleElement()
			.extracting(PayloadReader.Rejected::reason)
			.isEqualTo("Invalid ResultBatch: retractions[0]: windowEnd must be after windowStart");
	}

	@Test
	void rejectsALateRecordWithoutAnEventId() {
		String json = """
				{"results":[],"late":[{"pipeline":"views","key":"k","windowStart":"2024-01-01T00:00:00Z",
				"windowEnd":"2024-01-01T00:00:10Z","eventTime":"2024-01-01T00:00:01Z",
				"watermark":"2024-01-01T00:01:00Z","values":{}}],"deadLetters":[]}""";

		PayloadReader.Read read = this.reader.read(List.of(utf8(json)));

		assertThat(read.rejected()).singleElement()
			.extracting(PayloadReader.Rejected::reason)
			.isEqualTo("Invalid ResultBatch: late[0].eventId is missing");
	}

	@Test
	void rejectsADeadLetterWithABlankStreamOrNoRecordingTime() {
		String blankStream = """
				{"results":[],"late":[],"deadLetters":[{"stream":" ","eventId":"e1",
				"recordedAt":"2024-01-01T00:00:01Z","reason":"r","data":{}}]}""";
		String noTime = """
				{"results":[],"late":[],"deadLetters":[{"stream":"clicks","eventId":"e1","reason":"r","data":{}}]}""";

		PayloadReader.Read read = this.reader.read(List.of(utf8(blankStream), utf8(noTime)));

		assertThat(read.rejected()).extracting(PayloadReader.Rejected::reason)
			.containsExactly("Invalid ResultBatch: deadLetters[0].stream is blank",
					"Invalid ResultBatch: deadLetters[0].recordedAt is missing");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
