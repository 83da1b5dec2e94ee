package io.tributary.storage.store;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Alert;
import io.tributary.contract.Counts;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a write plan asks of each script, read by the names the scripts give their keys and
 * arguments, and what the replies mean. Expected values are written out by hand.
 */
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
		assertThat(call.namedKeys()).isEqualTo(windowKeys("views", "c1"));
		// views keeps 2 hours; the margin is 10 minutes
		// without state, what the change notification carries is the stored JSON: an empty argument says so
		assertThat(call.namedArgs()).isEqualTo(args(NOW, 7_200_000, "window_start", "1699999990000", "window_end",
				"1700000000000", "revision", "4", "json", WireFormat.writeString(result), "published", "", "channel",
				"ns:changes:views"));
	}

	@Test
	void sendsAResultWithStateAsStoredAndAsPublishedWithoutTheState() {
		WindowResult plain = result("views", "c1", NOW - 10_000, 4);
		WindowResult stateful = new WindowResult("views", "c1", plain.windowStart(), plain.windowEnd(), true, 4,
				plain.metrics(), plain.counts(), Map.of("views", 3L));

		ScriptCall call = WritePlan.of(List.of(batch(List.of(stateful), List.of(), List.of())), NOW, this.settings)
			.calls()
			.get(0);

		assertThat(call.namedArgs().get("json")).isEqualTo(WireFormat.writeString(stateful))
			.endsWith(",\"state\":{\"views\":3}}");
		assertThat(call.namedArgs().get("published")).isEqualTo(WireFormat.writeString(plain))
			.doesNotContain("state");
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
		assertThat(call.namedKeys()).isEqualTo(windowKeys("views", "c1"));
		assertThat(call.namedArgs()).isEqualTo(args(NOW, 7_200_000, "window_start", "1699999995000", "window_end",
				"1700000000000", "revision", "3"));
		assertThat(plan.read(new long[] { 1, 0, 1 }).outcome())
			.isEqualTo(new StoreOutcome(1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0));
		assertThat(plan.read(new long[] { 1, 1, 1 }).outcome().retractionsApplied()).isEqualTo(1);
		// applied: the live feed gets the merged result, then the retraction of the old start
		List<ScriptCall> followUp = plan.read(new long[] { 1, 1, 0 }).followUps();
		assertThat(followUp).extracting(ScriptCall::script)
			.containsExactly(LuaScript.FEED, LuaScript.FEED, LuaScript.STATUS);
		assertThat(followUp.get(1).namedArgs()).isEqualTo(args(NOW, 7_200_000, "max_length", "10000", "type",
				"retraction", "json",
				"{\"pipeline\":\"views\",\"key\":\"c1\",\"windowStart\":\"2023-11-14T22:13:15Z\","
						+ "\"windowEnd\":\"2023-11-14T22:13:20Z\",\"revision\":3,"
						+ "\"mergedIntoStart\":\"2023-11-14T22:13:10Z\",\"mergedIntoEnd\":\"2023-11-14T22:13:20Z\"}"));
		// ignored (a redelivery): nothing more on the feed
		assertThat(plan.read(new long[] { 0, 0, 0 }).followUps()).isEmpty();
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
		assertThat(results).extracting((c) -> c.namedKeys().get("results"))
			.containsExactly("ns:results:{views:edge}", "ns:results:{elsewhere:k}");
		assertThat(results.get(0).namedArgs().get("retention")).isEqualTo("7200000");
		assertThat(results.get(1).namedArgs().get("retention")).isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
		StoreOutcome outcome = plan.read(new long[] { 1, 1, 1, 0, 0 }).outcome();
		assertThat(outcome.resultsExpired()).isEqualTo(1);
		assertThat(outcome.resultsExpiredByPipeline()).isEqualTo(Map.of("views", 1));
	}

	@Test
	void recordsAResultLeftOutAsExpiredBesideThePipelinesLateRecords() {
		// views keeps 2 h: the window [now - 2 h - 10.001 s, now - 2 h - 0.001 s) ended 1 ms before the cutoff
		WindowResult expired = result("views", "old", NOW - 2 * HOUR - 10_001, 3);

		WritePlan plan = WritePlan.of(List.of(batch(List.of(expired), List.of(), List.of())), NOW, this.settings);

		assertThat(plan.calls()).extracting(ScriptCall::script).containsExactly(LuaScript.EXPIRED_RESULT);
		ScriptCall call = plan.calls().get(0);
		assertThat(call.namedKeys())
			.isEqualTo(Map.of("records", "ns:late:{views}:expired", "index", "ns:late:{views}:expired:index"));
		// start 1_699_992_789_999 (= 1_700_000_000_000 - 7_200_000 - 10_001), cutoff 1_699_992_800_000
		assertThat(call.namedArgs()).isEqualTo(args(NOW, 7_200_000, "id", "old|1699992789999", "revision", "3",
				"json", "{\"pipeline\":\"views\",\"key\":\"old\",\"windowStart\":\"2023-11-14T20:13:09.999Z\","
						+ "\"windowEnd\":\"2023-11-14T20:13:19.999Z\",\"revision\":3,\"version\":1,"
						+ "\"counts\":{\"events\":3,\"late\":0,\"duplicates\":0},"
						+ "\"cutoff\":\"2023-11-14T20:13:20Z\",\"droppedAt\":\"2023-11-14T22:13:20Z\"}"));
		// neither the keys of the pipeline nor the live feed hear of it
		assertThat(plan.read(new long[] { 1 }).followUps()).isEmpty();
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
		assertThat(calls.get(5).namedKeys()).isEqualTo(Map.of("keys", "ns:keys:{views}"));
		// every window here lasts 10 s
		assertThat(calls.get(5).namedArgs()).isEqualTo(args(NOW, 7_200_000, "longest_window", "10000"));
		// the newest start of each key (a: the start 10 s ago, not the older one sent after it), then b
		assertThat(calls.get(5).restArgs()).containsExactly("1699999990000", "a", "1699999980000", "b");
		assertThat(calls.get(6).namedKeys()).isEqualTo(Map.of("keys", "ns:keys:{other}"));
		assertThat(calls.get(6).restArgs()).containsExactly("1700000000000", "x");
	}

	@Test
	void keepsALateRecordAndCountsItOnItsWindowUnderTheIdOfEventAndWindow() {
		LateEventRecord late = late("views", "c1", "e-7", NOW - 60_000);

		WritePlan plan = WritePlan.of(List.of(batch(List.of(), List.of(late), List.of())), NOW, this.settings);

		assertThat(plan.calls()).hasSize(2);
		ScriptCall record = plan.calls().get(0);
		assertThat(record.script()).isEqualTo(LuaScript.LATE_RECORD);
		assertThat(record.namedKeys()).isEqualTo(Map.of("records", "ns:late:{views}", "index", "ns:late:{views}:index"));
		assertThat(record.namedArgs()).isEqualTo(args(NOW, 7_200_000, "id", "e-7|1699999940000", "json",
				WireFormat.writeString(late)));
		ScriptCall count = plan.calls().get(1);
		assertThat(count.script()).isEqualTo(LuaScript.LATE_COUNT);
		assertThat(count.namedKeys()).isEqualTo(windowKeys("views", "c1"));
		assertThat(count.namedArgs()).isEqualTo(args(NOW, 7_200_000, "id", "e-7|1699999940000", "window_start",
				"1699999940000", "window_end", "1699999950000", "channel", "ns:changes:views"));
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
		assertThat(plan.calls().get(0).namedKeys())
			.isEqualTo(Map.of("records", "ns:dead:{clicks}", "index", "ns:dead:{clicks}:index"));
		// dead letters are kept for the dead-letter retention (1 day), whatever their pipeline
		assertThat(plan.calls().get(0).namedArgs()).isEqualTo(args(NOW, 86_400_000, "id", "views|e-1", "json",
				WireFormat.writeString(inPipeline), "recorded_at", "1699999995000"));
		assertThat(plan.calls().get(1).namedArgs().get("id")).isEqualTo("-|e-2");
		assertThat(plan.read(new long[] { 1, 0 }).outcome()).isEqualTo(new StoreOutcome(0, 0, 0, 0, 0, 1, 1, 1));
	}

	@Test
	void talliesTheScriptRepliesAndMarksOnlyPipelinesWithAnAppliedResult() {
		WritePlan plan = WritePlan.of(List.of(batch(
				List.of(result("views", "a", NOW - 10_000, 2), result("views", "b", NOW - 10_000, 1),
						result("other", "c", NOW - 10_000, 1)),
				List.of(late("views", "a", "e-1", NOW - 60_000)), List.of(dead("clicks", null, "e-2", NOW)))), NOW,
				this.settings);
		assertThat(plan.calls()).extracting(ScriptCall::script)
			.containsExactly(LuaScript.RESULT, LuaScript.RESULT, LuaScript.RESULT, LuaScript.LATE_RECORD,
					LuaScript.LATE_COUNT, LuaScript.DEAD_LETTER, LuaScript.PIPELINE_KEYS, LuaScript.PIPELINE_KEYS);
		// a applied, b and c not newer; the late event recorded and counted (1 on its window); the dead
		// letter already kept
		long[] replies = { 1, 0, 0, 1, 1, 0, 0, 0 };

		WritePlan.Replies read = plan.read(replies);

		assertThat(read.outcome()).isEqualTo(new StoreOutcome(1, 2, 0, 1, 0, 0, 1, 0));
		List<ScriptCall> followUp = read.followUps();
		assertThat(followUp).extracting(ScriptCall::script)
			.containsExactly(LuaScript.FEED, LuaScript.FEED, LuaScript.STATUS);
		// only the applied result goes to the live feed, as served: without accumulator state
		assertThat(followUp.get(0).namedKeys()).isEqualTo(Map.of("feed", "ns:feed:{views}"));
		assertThat(followUp.get(0).namedArgs()).isEqualTo(args(NOW, 7_200_000, "max_length", "10000", "type", "",
				"json", WireFormat.writeString(result("views", "a", NOW - 10_000, 2))));
		// the counted late event goes to the live feed with the window's new late count
		assertThat(followUp.get(1).namedKeys()).isEqualTo(Map.of("feed", "ns:feed:{views}"));
		assertThat(followUp.get(1).namedArgs()).isEqualTo(args(NOW, 7_200_000, "max_length", "10000", "type", "late",
				"json", "{\"pipeline\":\"views\",\"key\":\"a\",\"windowStart\":\"2023-11-14T22:12:20Z\","
						+ "\"windowEnd\":\"2023-11-14T22:12:30Z\",\"late\":1}"));
		// views had a result applied: its status gets lastResultAt = now; other had none
		assertThat(followUp.get(2).namedKeys()).isEqualTo(Map.of("status", "ns:status:{views}"));
		assertThat(followUp.get(2).namedArgs().get("now")).isEqualTo("1700000000000");
		// and the end of its latest final window applied, for freshness
		assertThat(followUp.get(2).namedArgs().get("final_window_end")).isEqualTo(Long.toString(NOW));
	}

	@Test
	void theFeedCarriesTheLateCountStorageRecordedForTheWindow() {
		WindowResult r = result("views", "a", NOW - 10_000, 2);
		WritePlan plan = WritePlan.of(List.of(batch(List.of(r), List.of(), List.of())), NOW, this.settings);
		// the script answers 1 + the late events already counted on the window: 3
		List<ScriptCall> followUp = plan.read(new long[] { 4, 0 }).followUps();
		assertThat(followUp.get(0).namedArgs().get("json"))
			.isEqualTo(WireFormat.writeString(r.withCounts(new Counts(3, 3, 0))));
	}

	@Test
	void callsTheAlertScriptWithItsIdRevisionOpennessAndScoreAndFeedsAnAppliedRevision() {
		// read from its JSON, as processing sends it
		String open = "{\"id\":\"high|c1|1699999990000\",\"pipeline\":\"views\",\"rule\":\"high\",\"key\":\"c1\","
				+ "\"status\":\"open\",\"severity\":\"critical\",\"kind\":\"threshold\",\"condition\":\"n > 10\","
				+ "\"windowStart\":\"2023-11-14T22:13:10Z\",\"windowEnd\":\"2023-11-14T22:13:20Z\",\"breaches\":1,"
				+ "\"metrics\":{\"n\":11},\"openedAt\":\"2023-11-14T22:13:20Z\",\"updatedAt\":\"2023-11-14T22:13:20Z\","
				+ "\"revision\":2,\"version\":1}";
		String resolved = open.replace("\"status\":\"open\"", "\"status\":\"resolved\"")
			.replace("\"revision\":2", "\"resolvedAt\":\"2023-11-14T22:13:20Z\",\"resolution\":\"recovered\",\"revision\":3");
		ResultBatch batch = ResultBatch.ofAlerts(
				List.of(WireFormat.read(open, Alert.class), WireFormat.read(resolved, Alert.class)));

		WritePlan plan = WritePlan.of(List.of(batch), NOW, this.settings);

		assertThat(plan.calls()).extracting(ScriptCall::script).containsExactly(LuaScript.ALERT, LuaScript.ALERT);
		ScriptCall call = plan.calls().get(0);
		assertThat(call.namedKeys()).isEqualTo(Map.of("alerts", "ns:alerts:{views}", "index",
				"ns:alerts:{views}:index", "open", "ns:alerts:{views}:open", "deliveries",
				"ns:alerts:{views}:deliveries"));
		// alerts are kept for their pipeline's retention and scored by the start of the window they opened on;
		// a rule without notification targets gets no delivery job
		assertThat(call.namedArgs()).isEqualTo(args(NOW, 7_200_000, "id", "high|c1|1699999990000", "revision", "2",
				"json", open, "open", "1", "score", "1699999990000", "targets", "", "deliveries_length", "100000"));
		assertThat(plan.calls().get(1).namedArgs()).containsEntry("open", "0").containsEntry("revision", "3");
		// the open revision applied, the resolved one not newer than what was stored
		WritePlan.Replies read = plan.read(new long[] { 1, 0 });
		assertThat(read.outcome()).isEqualTo(new StoreOutcome(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1));
		assertThat(read.followUps()).singleElement().satisfies((feed) -> {
			assertThat(feed.namedKeys()).isEqualTo(Map.of("feed", "ns:feed:{views}"));
			assertThat(feed.namedArgs()).isEqualTo(args(NOW, 7_200_000, "max_length", "10000", "type", "alert",
					"json", open));
		});
	}

	@Test
	void anAlertOfARuleWithTargetsNamesThemToTheAlertScript() {
		PipelineFile file = PipelineFileLoader.load("p.yaml", """
				streams:
				  clicks: {}
				pipelines:
				  views:
				    source: clicks
				    key-by: campaign
				    window: { type: tumbling, size: 10s }
				    aggregate: { n: count }
				    alerts:
				      high:
				        when: n > 10
				        notify: [ops-hook, team-chat]
				      low:
				        when: n < 1
				""", null);
		WriteSettings notifying = new WriteSettings(new RedisKeys("ns"), this.settings.retentions(), Duration.ofDays(7),
				Duration.ofHours(1), 1000, AlertTargets.of(file));
		Instant start = Instant.parse("2023-11-14T22:13:10Z");
		Alert high = new Alert("high|c1|1699999990000", "views", "high", "c1", Alert.Status.open,
				Alert.Severity.critical, Alert.Kind.threshold, "n > 10", start, start.plusSeconds(10), 1, Map.of("n", 11),
				null, null, null, start, start, null, null, 2, 1);
		Alert low = new Alert("low|c1|1699999990000", "views", "low", "c1", Alert.Status.open, Alert.Severity.warning,
				Alert.Kind.threshold, "n < 1", start, start.plusSeconds(10), 1, Map.of("n", 0), null, null, null, start,
				start, null, null, 2, 1);

		WritePlan plan = WritePlan.of(List.of(ResultBatch.ofAlerts(List.of(high, low))), NOW, notifying);

		assertThat(plan.calls().get(0).namedArgs()).containsEntry("targets", "ops-hook,team-chat");
		assertThat(plan.calls().get(1).namedArgs()).containsEntry("targets", "");
	}

	/** The names and values of the window keys of (pipeline, key) in namespace ns, written out. */
	private static Map<String, String> windowKeys(String pipeline, String key) {
		String results = "ns:results:{" + pipeline + ":" + key + "}";
		return Map.of("results", results, "index", results + ":index", "late_counts", results + ":late", "late_ids",
				results + ":late-ids", "retracted", results + ":retracted");
	}

	/** Named arguments: the shared ones (margin 10 min, trim limit 500), then the given name-value pairs. */
	private static Map<String, String> args(long now, long retention, String... own) {
		Map<String, String> args = new LinkedHashMap<>();
		args.put("now", Long.toString(now));
		args.put("retention", Long.toString(retention));
		args.put("margin", "600000");
		args.put("trim_limit", "500");
		for (int i = 0; i < own.length; i += 2) {
			args.put(own[i], own[i + 1]);
		}
		return args;
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
