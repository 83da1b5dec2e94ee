package io.tributary.examples.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The job's reading and running total over messages recorded from Tributary's outbound results topic
 * (storage-service {@code KafkaResultsOutIT}, which writes {@code target/results-out-kafka.jsonl}).
 * What that test sent, and so the totals expected here, worked out by hand:
 * <ul>
 * <li>views: campaign-1's first window final at 10 views, then a late revision at 12; its next
 * window 4; campaign-2 final at 5 (its open update at 3 is not published); campaign-3 at 7:
 * 12 + 4 + 5 + 7 = 28.</li>
 * <li>sessions: user-1's session at 2 views is merged with an earlier one into a session of 5
 * views under an earlier start, and the old start is retracted: 5.</li>
 * <li>The second batch was delivered twice: its three results and one retraction arrive twice.</li>
 * </ul>
 */
class RecordedResultsOutTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	@Test
	void totalsEachPipelinesLatestFinalRevisionsAndIgnoresDuplicatesAndRetractedWindows() throws IOException {
		Map<String, PipelineTotal> totals = totals(recorded());

		assertThat(totals).containsOnlyKeys("views", "sessions");
		assertThat(totals.get("views").total()).isEqualTo(28.0);
		assertThat(totals.get("views").windows()).isEqualTo(4);
		assertThat(totals.get("sessions").total()).isEqualTo(5.0);
		assertThat(totals.get("views").duplicates() + totals.get("sessions").duplicates()).isEqualTo(4);
	}

	@Test
	void givesTheSameTotalsInAnyOrderAndWhenEverythingIsDeliveredTwice() throws IOException {
		List<ResultsOutMessage> messages = recorded();
		Random random = new Random(14);
		for (int i = 0; i < 20; i++) {
			List<ResultsOutMessage> shuffled = new ArrayList<>(messages);
			shuffled.addAll(messages);
			Collections.shuffle(shuffled, random);

			Map<String, PipelineTotal> totals = totals(shuffled);

			assertThat(totals.get("views").total()).isEqualTo(28.0);
			assertThat(totals.get("sessions").total()).isEqualTo(5.0);
		}
	}

	@Test
	void readsEveryRecordedMessageWithItsType() throws IOException {
		List<ResultsOutMessage> messages = recorded();

		assertThat(messages).hasSize(14);
		assertThat(messages).filteredOn((m) -> m.type().equals("alert")).hasSize(2);
		assertThat(messages).filteredOn((m) -> m.type().equals("retraction")).hasSize(2);
		assertThat(messages).filteredOn((m) -> m.type().equals("result")).allSatisfy((m) -> {
			assertThat(m.isFinal()).isTrue();
			assertThat(m.metric()).isNotNull();
		});
	}

	@Test
	void refusesAMessageWithoutItsTypeOrWithoutItsFields() {
		assertThatIllegalArgumentException().isThrownBy(() -> ResultsOutMessage.parse(null, "{}", "views"))
			.withMessageContaining("tributaryType header");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ResultsOutMessage.parse("result", "{\"pipeline\":\"p\"", "views"))
			.withMessageStartingWith("Malformed result message");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ResultsOutMessage.parse("result", "{\"pipeline\":\"p\",\"key\":\"k\"}", "views"))
			.withMessage("Malformed result message: no text field 'windowStart'");
	}

	private static Map<String, PipelineTotal> totals(List<ResultsOutMessage> messages) {
		Map<String, PipelineTotal> totals = new LinkedHashMap<>();
		for (ResultsOutMessage m : messages) {
			totals.computeIfAbsent(m.pipeline(), (p) -> new PipelineTotal()).apply(m);
		}
		return totals;
	}

	/** The recorded Kafka records, read as the job reads them: type header and value. */
	private static List<ResultsOutMessage> recorded() throws IOException {
		List<ResultsOutMessage> messages = new ArrayList<>();
		try (InputStream in = RecordedResultsOutTests.class.getResourceAsStream("/results-out-kafka.jsonl")) {
			assertThat(in).as("the recording").isNotNull();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank()) {
					continue;
				}
				JsonNode record = MAPPER.readTree(line);
				messages.add(ResultsOutMessage.parse(record.path("headers").path("tributaryType").asText(null),
						record.path("value").asText(), "views"));
			}
		}
		return messages;
	}

}
