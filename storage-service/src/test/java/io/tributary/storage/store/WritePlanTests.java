package io.tributary.storage.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Counts;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WritePlanTests {

	private static final long NOW = 1_700_000_000_000L;

	private static final long HOUR = 3_600_000L;

	private final WriteSettings settings = new WriteSettings(new RedisKeys("ns"),
			new Retentions(Map.of("views", Duration.ofHours(2)), Duration.ofDays(7)), Duration.ofDays(1),
			Duration.ofMinutes(10), 500);

	@Test
	void callsTheResultScriptWithTheKeysOfTheResultsWindowAndItsArguments() {
		WindowResult result = result("views", "c1", NOW - 10_000, 4);

		WritePlan plan = WritePlan.of(List.of(batch(List.of(result), List.of(), List.of())), NOW, this.settings);

		ScriptCall call = plan.calls().get(0);
		assertThat(call.script()).isEqualTo(LuaScript.RESULT);
		assertThat(call.keyNames()).containsExactly("ns:results:{views:c1}", "ns:results:{views:c1}:index",
				"ns:results:{views:c1}:late", "ns:results:{views:c1}:late-ids",
				"ns:results:{views:c1}:retracted");
		assertThat(call.argValues()).containsExactly("1699999990000", "1700000000000", "4",
				WireFormat.writeString(result), "1700000000000", "7200000", "600000", "ns:changes:views", "500");
	}

	@Test
	void callsTheRetractionScriptAfterEveryResultAndLeavesOutExpiredRetractions() {
		WindowResult merged = result("views", "c1", NOW - 10_000, 4);
		WindowRetraction retraction = new WindowRetraction("views", "c1", Instant.ofEpochMilli(NOW - 5_000),
				Instant.ofEpochMilli(NOW), 3, Instant.ofEpochMilli(NOW - 10_000), Instant.ofEpochMilli(NOW));
		WindowRetraction expired = new WindowRetraction("views", "c1", Instant.ofEpochMilli(NOW - 7_200_010),
				Instant.ofEpochMilli(NOW - 7_200_001), 2, Instant.ofEpochMilli(NOW - 7_200_020),
				Instant.ofEpochMilli(NOW - 7_200_001));
		ResultBatch batch = new ResultBatch(List.of(), List.of(), List.of(), List.of(retraction, expired), List.of());

		WritePlan plan = WritePlan.of(List.of(batch, batch(List.of(merged), List.of(), List.of())), NOW,
				this.settings);

		assertThat(plan.calls()).extracting(ScriptCall::script)
			.containsExactly(LuaScript.RESULT, LuaScript.RETRACTION, LuaScript.PIPELINE_KEYS);
		ScriptCall call = plan.calls().get(1);
		assertThat(call.keyNames()).containsExactly("ns:results:{views:c1}", "ns:results:{views:c1}:index",
				"ns:results:{views:c1}:late", "ns:results:{views:c1}:late-ids", "ns:results:{views:c1}:retracted");
		assertThat(call.argValues()).containsExactly("1699999995000", "1700000000000", "3", "1700000000000",
				"7200000", "600000", "500");
		assertThat(plan.outcome(new long[] { 1, 0, 1 }))
			.isEqualTo(new StoreOutcome(1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0));
		assertThat(plan.outcome(new long[] { 1, 1, 1 }).retractionsApplied()).isEqualTo(1);
		// applied: the live feed gets the merged result, then the retraction of the old start
		List<ScriptCall> followUp = plan.followUpCalls(new long[] { 1, 1, 0 }, NOW, new RedisKeys("ns"));
		assertThat(followUp).extracting(ScriptCall::script)
			.containsExactly(LuaScript.FEED, LuaScript.FEED, LuaScript.STATUS);
		assertThat(followUp.get(1).argValues()).containsExactly(String.valueOf(WritePlan.FEED_LENGTH),
				"{\"pipeline\":\"views\",\"key\":\"c1\",\"windowStart\":\"2023-11-14T22:13:15Z\","
						+ "\"windowEnd\":\"2023-11-14T22:13:20Z\",\"revision\":3,"
						+ "\"mergedIntoStart\":\"2023-11-14T22:13:10Z\",\"mergedIntoEnd\":\"2023-11-14T22:13:20Z\"}",
				"retraction");
		// ignored (a redelivery): nothing more on the feed
		assertThat(plan.followUpCalls(new long[] { 0, 0, 0 }, NOW, new RedisKeys("ns"))).isEmpty();
	}

	@Test
	void leavesOutResultsWhoseWindowEndedBeforeTheirPipelinesRetention() {
		// views keeps 2 h: a window ending 2 h + 1 ms ago is gone, one ending exactly 2 h ago is kept
		WindowResult expired = result("views", "old", NOW - 2 * HOUR - 10_001, 1);
		WindowResult kept = result("views", "edge", NOW - 2 * HOUR - 10_000, 1);
		// an undeclared pipeline keeps the default 7 days
		WindowResult other = result("elsewhere", "k", NOW - 3 * HOUR, 1);

		WritePlan plan = WritePlan.of(List.of(batch(List.of(expired, kept, other), List.of(), List.of())), NOW,
				this.settings);

		List<ScriptCall> results = plan.calls().stream().filter((c) -> c.script() == LuaScript.RESULT).toList();
		assertThat(results).extracting((c) -> c.keyNames().get(0))
			.containsExactly("ns:results:{views:edge}", "ns:results:{elsewhere:k}");
		assertThat(results.get(1).argValues().get(5)).isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
		assertThat(plan.outcome(new long[] { 1, 1, 0, 0 }).resultsExpired()).isEqualTo(1);
	}

	@Test
	void recordsTheNewestWindowStartOfEveryKeyOncePerPipelineAfterTheRecords() {
		WritePlan plan = WritePlan.of(List.of(
				batch(List.of(result("views", "a", NOW - 30_000, 1), result("views", "b", NOW - 20_000, 1)), List.of(),
						List.of()),
				batch(List.of(result("views", "a", NOW - 10_000, 1), result("views", "a", NOW - 40_000, 3),
						result("other", "x", NOW, 1)), List.of(), List.of())),
				NOW, this.settings);

		List<ScriptCall> calls = plan.calls();
		assertThat(calls).extracting(ScriptCall::script)
			.containsExactly(LuaScript.RESULT, LuaScript.RESULT, LuaScript.RESULT, LuaScript.RESULT, LuaScript.RESULT,
					LuaScript.PIPELINE_KEYS, LuaScript.PIPELINE_KEYS);
		assertThat(calls.get(5).keyNames()).containsExactly("ns:keys:{views}");
		assertThat(calls.get(5).argValues()).containsExactly("1700000000000", "7200000", "600000", "10000",
				"1699999990000", "a", "1699999980000", "b");
		assertThat(calls.get(6).keyNames()).containsExactly("ns:keys:{other}");
	}

	@Test
	void keepsALateRecordAndCountsItOnItsWindowUnderTheIdOfEventAndWindow() {
		LateEventRecord late = late("views", "c1", "e-7", NOW - 60_000);

		WritePlan plan = WritePlan.of(List.of(batch(List.of(), List.of(late), List.of())), NOW, this.settings);

		assertThat(plan.calls()).hasSize(2);
		ScriptCall record = plan.calls().get(0);
		assertThat(record.script()).isEqualTo(LuaScript.LATE_RECORD);
		assertThat(record.keyNames()).containsExactly("ns:late:{views}", "ns:late:{views}:index");
		assertThat(record.argValues()).containsExactly("e-7|1699999940000", WireFormat.writeString(late),
				"1700000000000", "7200000", "600000", "500");
		ScriptCall count = plan.calls().get(1);
		assertThat(count.script()).isEqualTo(LuaScript.LATE_COUNT);
		assertThat(count.keyNames()).containsExactly("ns:results:{views:c1}", "ns:results:{views:c1}:index",
				"ns:results:{views:c1}:late", "ns:results:{views:c1}:late-ids",
				"ns:results:{views:c1}:retracted");
		assertThat(count.argValues()).containsExactly("e-7|1699999940000", "1699999940000", "1699999950000",
				"1700000000000", "7200000", "600000", "ns:changes:views", "500");
	}

	@Test
	void keepsTheRecordButDoesNotCountALateEventWhoseWindowIsPastRetention() {
		LateEventRecord late = late("views", "c1", "e-8", NOW - 3 * HOUR);

		WritePlan plan = WritePlan.of(List.of(batch(List.of(), List.of(late), List.of())), NOW, this.settings);

		assertThat(plan.calls()).extracting(ScriptCall::script).containsExactly(LuaScript.LATE_RECORD);
	}

	@Test
	void identifiesDeadLettersByPipelineOrADashAndEventIdAndScoresThemByRecordingTime() {
		DeadLetterRecord inPipeline = dead("clicks", "views", "e-1", NOW - 5_000);
		DeadLetterRecord beforeAnyPipeline = dead("clicks", null, "e-2", NOW - 6_000);
		DeadLetterRecord tooOld = dead("clicks", "views", "e-3", NOW - 25 * HOUR);

		WritePlan plan = WritePlan.of(List.of(batch(List.of(), List.of(), List.of(inPipeline, beforeAnyPipeline,
				tooOld))), NOW, this.settings);

		assertThat(plan.calls()).hasSize(2);
		assertThat(plan.calls().get(0).keyNames()).containsExactly("ns:dead:{clicks}", "ns:dead:{clicks}:index");
		assertThat(plan.calls().get(0).argValues()).containsExactly("views|e-1", WireFormat.writeString(inPipeline),
				"1699999995000", "1700000000000", "86400000", "600000", "500");
		assertThat(plan.calls().get(1).argValues().get(0)).isEqualTo("-|e-2");
		assertThat(plan.outcome(new long[] { 1, 0 }))
			.isEqualTo(new StoreOutcome(0, 0, 0, 0, 0, 1, 1, 1));
	}

	@Test
	void talliesTheScriptRepliesAndMarksOnlyPipelinesWithAnAppliedResult() {
		WritePlan plan = WritePlan.of(List.of(batch(
				List.of(result("views", "a", NOW - 10_000, 2), result("views", "b", NOW - 10_000, 1),
						result("other", "c", NOW - 10_000, 1)),
				List.of(late("views", "a", "e-1", NOW - 60_000)), List.of(dead("clicks", null, "e-2", NOW)))), NOW,
				this.settings);
		// RESULT a, RESULT b, RESULT c, LATE_RECORD, LATE_COUNT, DEAD_LETTER, KEYS views, KEYS other
		long[] replies = { 1, 0, 0, 1, 1, 0, 0, 0 };

		assertThat(plan.outcome(replies)).isEqualTo(new StoreOutcome(1, 2, 0, 1, 0, 0, 1, 0));
		List<ScriptCall> followUp = plan.followUpCalls(replies, NOW, new RedisKeys("ns"));
		assertThat(followUp).extracting(ScriptCall::script)
			.containsExactly(LuaScript.FEED, LuaScript.FEED, LuaScript.STATUS);
		// the counted late event goes to the live feed with the window's new late count
		assertThat(followUp.get(1).keyNames()).containsExactly("ns:feed:{views}");
		assertThat(followUp.get(1).argValues()).containsExactly(String.valueOf(WritePlan.FEED_LENGTH),
				"{\"pipeline\":\"views\",\"key\":\"a\",\"windowStart\":\"2023-11-14T22:12:20Z\","
						+ "\"windowEnd\":\"2023-11-14T22:12:30Z\",\"late\":1}",
				"late");
		// only the applied result goes to the live feed, as served: without accumulator state
		assertThat(followUp.get(0).keyNames()).containsExactly("ns:feed:{views}");
		assertThat(followUp.get(0).argValues()).containsExactly(String.valueOf(WritePlan.FEED_LENGTH),
				WireFormat.writeString(result("views", "a", NOW - 10_000, 2)));
		assertThat(followUp.get(2).keyNames()).containsExactly("ns:status:{views}");
		assertThat(followUp.get(2).argValues()).containsExactly("1700000000000");
	}

	@Test
	void theFeedCarriesTheLateCountStorageRecordedForTheWindow() {
		WritePlan plan = WritePlan.of(List.of(batch(List.of(result("views", "a", NOW - 10_000, 2)), List.of(),
				List.of())), NOW, this.settings);
		// the script answers 1 + the late events already counted on the window: 3
		List<ScriptCall> followUp = plan.followUpCalls(new long[] { 4, 0 }, NOW, new RedisKeys("ns"));
		WindowResult r = result("views", "a", NOW - 10_000, 2);
		assertThat(followUp.get(0).argValues()).containsExactly(String.valueOf(WritePlan.FEED_LENGTH),
				WireFormat.writeString(r.withCounts(new Counts(3, 3, 0))));
	}

	static WindowResult result(String pipeline, String key, long start, long revision) {
		return new WindowResult(pipeline, key, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 10_000), true,
				revision, Map.of("views", 3L), new Counts(3, 0, 0));
	}

	static LateEventRecord late(String pipeline, String key, String eventId, long windowStart) {
		return new LateEventRecord(pipeline, key, Instant.ofEpochMilli(windowStart),
				Instant.ofEpochMilli(windowStart + 10_000), eventId, Instant.ofEpochMilli(windowStart + 1),
				Instant.ofEpochMilli(windowStart + 20_000), Map.of("campaign", key));
	}

	static DeadLetterRecord dead(String stream, String pipeline, String eventId, long recordedAt) {
		return new DeadLetterRecord(stream, pipeline, eventId, Instant.ofEpochMilli(recordedAt - 1000),
				Instant.ofEpochMilli(recordedAt), "lookup campaigns has no entry for 'x'", Map.of("ad_id", "x"));
	}

	static ResultBatch batch(List<WindowResult> results, List<LateEventRecord> late, List<DeadLetterRecord> dead) {
		return new ResultBatch(results, late, dead);
	}

}
