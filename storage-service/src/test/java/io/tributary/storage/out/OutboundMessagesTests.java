package io.tributary.storage.out;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.Alert;
import io.tributary.contract.Counts;
import io.tributary.contract.FeedEntryType;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundMessagesTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Set<FeedEntryType> ALL = Set.of(FeedEntryType.RESULT, FeedEntryType.RETRACTION,
			FeedEntryType.ALERT);

	private final WindowResult open = result("k1", 0, false, 1);

	private final WindowResult fin = result("k1", 0, true, 2);

	private final WindowResult other = result("k2", 10, true, 1);

	private final WindowRetraction retraction = new WindowRetraction("views", "k1", T0.plusSeconds(20),
			T0.plusSeconds(30), 4, T0, T0.plusSeconds(30));

	private final Alert alert = Alert.opened("views", 1, "busy", "k1", Alert.Severity.warning,
			Alert.Kind.threshold, "views > 1", T0, Alert.Breach.of(T0.plusSeconds(10), Map.of("views", 5L)),
			T0.plusSeconds(11));

	@Test
	void takesFinalResultsThenRetractionsThenAlertsBatchByBatch() {
		List<ResultBatch> batches = List.of(
				new ResultBatch(List.of(this.open, this.fin), List.of(), List.of(), List.of(this.retraction),
						List.of(this.alert)),
				new ResultBatch(List.of(this.other), List.of(), List.of()));

		List<OutboundMessage> out = new OutboundMessages(ALL, false).of(batches);

		assertThat(out).extracting(OutboundMessage::id)
			.containsExactly("result|views|k1|" + T0.toEpochMilli() + "|2",
					"retraction|views|k1|" + T0.plusSeconds(20).toEpochMilli() + "|4",
					"alert|views|busy|k1|" + T0.toEpochMilli() + "|" + this.alert.revision(),
					"result|views|k2|" + T0.plusSeconds(10).toEpochMilli() + "|1");
		assertThat(out).extracting(OutboundMessage::routingKey)
			.containsExactly("views.result", "views.retraction", "views.alert", "views.result");
		assertThat(out).extracting(OutboundMessage::recordKey).containsExactly("views|k1", "views|k1", "views|k1",
				"views|k2");
		assertThat(out).extracting(OutboundMessage::revision).containsExactly(2L, 4L, this.alert.revision(), 1L);
	}

	@Test
	void carriesTheResultsJsonWithoutItsAccumulatorState() {
		OutboundMessage m = new OutboundMessages(ALL, false)
			.of(List.of(new ResultBatch(List.of(this.fin), List.of(), List.of())))
			.get(0);

		String json = new String(m.json(), StandardCharsets.UTF_8);
		// written out by hand: the contract's field names, instants as ISO-8601, no "state"
		assertThat(json).isEqualTo("{\"pipeline\":\"views\",\"key\":\"k1\",\"windowStart\":\"2026-01-01T00:00:00Z\","
				+ "\"windowEnd\":\"2026-01-01T00:00:10Z\",\"final\":true,\"revision\":2,\"version\":1,"
				+ "\"metrics\":{\"views\":2},\"counts\":{\"events\":2,\"late\":0,\"duplicates\":0}}");
	}

	@Test
	void takesNonFinalResultsOnlyWhenConfigured() {
		List<ResultBatch> batches = List.of(new ResultBatch(List.of(this.open, this.fin), List.of(), List.of()));

		assertThat(new OutboundMessages(ALL, true).of(batches)).extracting(OutboundMessage::revision)
			.containsExactly(1L, 2L);
	}

	@Test
	void takesOnlyTheConfiguredTypes() {
		List<ResultBatch> batches = List.of(new ResultBatch(List.of(this.fin), List.of(), List.of(),
				List.of(this.retraction), List.of(this.alert)));

		assertThat(new OutboundMessages(Set.of(FeedEntryType.ALERT), false).of(batches))
			.extracting(OutboundMessage::type)
			.containsExactly(FeedEntryType.ALERT);
		assertThat(new OutboundMessages(Set.of(), false).of(batches)).isEmpty();
	}

	private static WindowResult result(String key, long startSecond, boolean isFinal, long revision) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("views", revision);
		Instant start = T0.plusSeconds(startSecond);
		return new WindowResult("views", key, start, start.plusSeconds(10), isFinal, revision,
				Map.of("views", revision), new Counts(revision, 0, 0), state);
	}

}
