package io.tributary.storage.store;

import java.util.ArrayList;
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

/**
 * The script calls that store a list of result batches at one instant: results first (so late
 * counts published afterwards merge into the stored result), then retractions of merged session
 * windows (after the results that replace them), late records and counts, dead letters, alerts, and
 * the keys of each pipeline. Records already past their retention are left out.
 */
final class WritePlan {

	/** About how many result revisions a pipeline's live feed keeps (for clients that resume). */
	static final int FEED_LENGTH = 10_000;

	/** Id of a dead letter recorded before any pipeline. */
	static final String NO_PIPELINE = "-";

	private final List<ScriptCall> calls;

	private final List<String> resultPipelines;

	/** Per result call, in order: the result as the live feed carries it (without accumulator state). */
	private final List<WindowResult> feeds;

	/** Per late-count call, in order: the late record it counts. */
	private final List<LateEventRecord> lateFeeds;

	/** Per retraction call, in order: the retraction, for the live feed. */
	private final List<WindowRetraction> retractionFeeds;

	/** Per alert call, in order: its pipeline and JSON, for the live feed. */
	private final List<String[]> alertFeeds;

	private final int expiredResults;

	private final int expiredDeadLetters;

	private final int expiredRetractions;

	private WritePlan(List<ScriptCall> calls, List<String> resultPipelines, List<WindowResult> feeds,
			List<LateEventRecord> lateFeeds, List<WindowRetraction> retractionFeeds, List<String[]> alertFeeds,
			int expiredResults, int expiredDeadLetters, int expiredRetractions) {
		this.calls = List.copyOf(calls);
		this.resultPipelines = List.copyOf(resultPipelines);
		this.feeds = List.copyOf(feeds);
		this.lateFeeds = List.copyOf(lateFeeds);
		this.retractionFeeds = List.copyOf(retractionFeeds);
		this.alertFeeds = List.copyOf(alertFeeds);
		this.expiredResults = expiredResults;
		this.expiredDeadLetters = expiredDeadLetters;
		this.expiredRetractions = expiredRetractions;
	}

	static WritePlan of(List<ResultBatch> batches, long now, WriteSettings settings) {
		RedisKeys keys = settings.keys();
		String margin = Long.toString(settings.expiryMargin().toMillis());
		String limit = Integer.toString(settings.trimLimit());
		List<ScriptCall> calls = new ArrayList<>();
		List<String> resultPipelines = new ArrayList<>();
		List<WindowResult> feeds = new ArrayList<>();
		List<LateEventRecord> lateFeeds = new ArrayList<>();
		List<WindowRetraction> retractionFeeds = new ArrayList<>();
		Map<String, NewestWindows> newest = new LinkedHashMap<>();
		int expiredResults = 0;
		int expiredDeadLetters = 0;
		int expiredRetractions = 0;
		for (ResultBatch batch : batches) {
			for (WindowResult r : batch.results()) {
				long retention = settings.retentions().of(r.pipeline()).toMillis();
				long start = r.windowStart().toEpochMilli();
				long end = r.windowEnd().toEpochMilli();
				if (end < now - retention) {
					expiredResults++;
					continue;
				}
				feeds.add(r.withoutState());
				calls.add(ScriptCall.of(LuaScript.RESULT, windowKeys(settings, r.pipeline(), r.key()),
						List.of(Long.toString(start), Long.toString(end), Long.toString(r.revision()),
								WireFormat.writeString(r), Long.toString(now), Long.toString(retention), margin,
								keys.changes(r.pipeline()), limit)));
				resultPipelines.add(r.pipeline());
				newest.computeIfAbsent(r.pipeline(), (p) -> new NewestWindows(retention)).add(r.key(), start,
						end - start);
			}
		}
		// not on the change channel or the live feed: their readers take every message for a result
		for (ResultBatch batch : batches) {
			for (WindowRetraction retraction : batch.retractions()) {
				long retention = settings.retentions().of(retraction.pipeline()).toMillis();
				long end = retraction.windowEnd().toEpochMilli();
				if (end < now - retention) {
					expiredRetractions++;
					continue;
				}
				retractionFeeds.add(retraction);
				calls.add(ScriptCall.of(LuaScript.RETRACTION,
						windowKeys(settings, retraction.pipeline(), retraction.key()),
						List.of(Long.toString(retraction.windowStart().toEpochMilli()), Long.toString(end),
								Long.toString(retraction.revision()), Long.toString(now), Long.toString(retention),
								margin, limit)));
			}
		}
		for (ResultBatch batch : batches) {
			for (LateEventRecord late : batch.late()) {
				long retention = settings.retentions().of(late.pipeline()).toMillis();
				long start = late.windowStart().toEpochMilli();
				long end = late.windowEnd().toEpochMilli();
				String id = lateId(late);
				// the record is kept even when its window is gone: a late event is never dropped unseen
				calls.add(ScriptCall.of(LuaScript.LATE_RECORD,
						List.of(keys.lateRecords(late.pipeline()), keys.lateRecordIndex(late.pipeline())),
						List.of(id, WireFormat.writeString(late), Long.toString(now), Long.toString(retention), margin,
								limit)));
				if (end >= now - retention) {
					lateFeeds.add(late);
					calls.add(ScriptCall.of(LuaScript.LATE_COUNT, windowKeys(settings, late.pipeline(), late.key()),
							List.of(id, Long.toString(start), Long.toString(end), Long.toString(now),
									Long.toString(retention), margin, keys.changes(late.pipeline()), limit)));
				}
			}
			for (DeadLetterRecord dead : batch.deadLetters()) {
				long retention = settings.deadLetterRetention().toMillis();
				long recordedAt = dead.recordedAt().toEpochMilli();
				if (recordedAt < now - retention) {
					expiredDeadLetters++;
					continue;
				}
				calls.add(ScriptCall.of(LuaScript.DEAD_LETTER,
						List.of(keys.deadLetters(dead.stream()), keys.deadLetterIndex(dead.stream())),
						List.of(deadLetterId(dead), WireFormat.writeString(dead), Long.toString(recordedAt),
								Long.toString(now), Long.toString(retention), margin, limit)));
			}
		}
		List<String[]> alertFeeds = new ArrayList<>();
		for (ResultBatch batch : batches) {
			for (Alert alert : batch.alerts()) {
				long retention = settings.retentions().of(alert.pipeline()).toMillis();
				String json = WireFormat.writeString(alert);
				calls.add(ScriptCall.of(LuaScript.ALERT,
						List.of(keys.alerts(alert.pipeline()), keys.alertIndex(alert.pipeline()),
								keys.openAlerts(alert.pipeline())),
						List.of(alert.id(), Long.toString(alert.revision()), json, alert.isOpen() ? "1" : "0",
								Long.toString(alert.windowStart().toEpochMilli()), Long.toString(now),
								Long.toString(retention), margin, limit)));
				alertFeeds.add(new String[] { alert.pipeline(), json });
			}
		}
		newest.forEach((pipeline, windows) -> calls.add(windows.call(keys.pipelineKeys(pipeline), now, margin)));
		return new WritePlan(calls, resultPipelines, feeds, lateFeeds, retractionFeeds, alertFeeds, expiredResults,
				expiredDeadLetters, expiredRetractions);
	}

	/** Id of a late-event record: the same event can be late for several windows. */
	static String lateId(LateEventRecord late) {
		return late.eventId() + "|" + late.windowStart().toEpochMilli();
	}

	/** Id of a dead-letter record within its stream. */
	static String deadLetterId(DeadLetterRecord dead) {
		return (dead.pipeline() == null ? NO_PIPELINE : dead.pipeline()) + "|" + dead.eventId();
	}

	private static List<String> windowKeys(WriteSettings settings, String pipeline, String key) {
		RedisKeys keys = settings.keys();
		return List.of(keys.results(pipeline, key), keys.resultIndex(pipeline, key), keys.lateCounts(pipeline, key),
				settings.lateIds(pipeline, key), settings.retractedStarts(pipeline, key));
	}

	List<ScriptCall> calls() {
		return this.calls;
	}

	/** Tallies the scripts' replies (in call order) into an outcome. */
	StoreOutcome outcome(long[] replies) {
		if (replies.length != this.calls.size()) {
			throw new IllegalArgumentException(replies.length + " replies for " + this.calls.size() + " calls");
		}
		StoreOutcome.Builder outcome = new StoreOutcome.Builder();
		outcome.resultsExpired += this.expiredResults;
		outcome.deadLettersExpired += this.expiredDeadLetters;
		outcome.retractionsExpired += this.expiredRetractions;
		for (int i = 0; i < replies.length; i++) {
			long reply = replies[i];
			switch (this.calls.get(i).script()) {
				case RESULT -> {
					if (reply > 0) {
						outcome.resultsApplied++;
					}
					else if (reply == 0) {
						outcome.resultsIgnored++;
					}
					else {
						outcome.resultsExpired++;
					}
				}
				case LATE_RECORD -> {
					if (reply > 0) {
						outcome.lateRecorded++;
					}
					else {
						outcome.lateDuplicates++;
					}
				}
				case RETRACTION -> {
					if (reply > 0) {
						outcome.retractionsApplied++;
					}
					else if (reply == 0) {
						outcome.retractionsIgnored++;
					}
					else {
						outcome.retractionsExpired++;
					}
				}
				case DEAD_LETTER -> {
					if (reply > 0) {
						outcome.deadLettersStored++;
					}
					else if (reply == 0) {
						outcome.deadLetterDuplicates++;
					}
					else {
						outcome.deadLettersExpired++;
					}
				}
				case ALERT -> {
					if (reply > 0) {
						outcome.alertsApplied++;
					}
					else {
						outcome.alertsIgnored++;
					}
				}
				default -> {
					// late counts and pipeline keys follow from the records above
				}
			}
		}
		return outcome.build();
	}

	/**
	 * What follows the applied results and alerts, given the replies: each applied result and alert
	 * goes to its pipeline's live feed (in the order written), and each pipeline that had a result
	 * gets its lastResultAt. A
	 * separate step because the feed is a key of another slot than the result's (Redis Cluster).
	 */
	List<ScriptCall> followUpCalls(long[] replies, long now, RedisKeys keys) {
		List<ScriptCall> feed = new ArrayList<>();
		Map<String, ScriptCall> status = new LinkedHashMap<>();
		int result = 0;
		int alert = 0;
		int late = 0;
		int retraction = 0;
		for (int i = 0; i < replies.length; i++) {
			if (this.calls.get(i).script() == LuaScript.RETRACTION) {
				WindowRetraction r = this.retractionFeeds.get(retraction++);
				if (replies[i] > 0) {
					// live views drop the session stored under the old start (its merged result came before)
					feed.add(ScriptCall.of(LuaScript.FEED, List.of(keys.feed(r.pipeline())),
							List.of(Integer.toString(FEED_LENGTH), WireFormat.writeString(r), "retraction")));
				}
			}
			if (this.calls.get(i).script() == LuaScript.LATE_COUNT) {
				LateEventRecord record = this.lateFeeds.get(late++);
				if (replies[i] > 0) {
					// the window's new late count: live views see late events as they are counted
					feed.add(ScriptCall.of(LuaScript.FEED, List.of(keys.feed(record.pipeline())),
							List.of(Integer.toString(FEED_LENGTH), WireFormat.writeString(new LateCount(record.pipeline(),
									record.key(), record.windowStart(), record.windowEnd(), replies[i])), "late")));
				}
			}
			if (this.calls.get(i).script() == LuaScript.ALERT) {
				String[] pipelineAndJson = this.alertFeeds.get(alert++);
				if (replies[i] > 0) {
					feed.add(ScriptCall.of(LuaScript.FEED, List.of(keys.feed(pipelineAndJson[0])),
							List.of(Integer.toString(FEED_LENGTH), pipelineAndJson[1], "alert")));
				}
			}
			if (this.calls.get(i).script() == LuaScript.RESULT) {
				WindowResult r = this.feeds.get(result);
				// the reply is 1 + the late events storage has recorded for the window so far
				String json = WireFormat.writeString(replies[i] > 1 ? r.withCounts(new Counts(r.counts().events(),
						r.counts().late() + replies[i] - 1, r.counts().duplicates())) : r);
				String pipeline = this.resultPipelines.get(result++);
				if (replies[i] > 0) {
					feed.add(ScriptCall.of(LuaScript.FEED, List.of(keys.feed(pipeline)),
							List.of(Integer.toString(FEED_LENGTH), json)));
					status.computeIfAbsent(pipeline, (p) -> ScriptCall.of(LuaScript.STATUS,
							List.of(keys.pipelineStatus(p)), List.of(Long.toString(now))));
				}
			}
		}
		feed.addAll(status.values());
		return List.copyOf(feed);
	}

	/** A live-feed entry of type {@code late}: a window's late count after a late event was counted. */
	record LateCount(String pipeline, String key, java.time.Instant windowStart, java.time.Instant windowEnd,
			long late) {
	}

	/** The newest window start per key of one pipeline within a plan. */
	private static final class NewestWindows {

		private final long retention;

		private final Map<String, Long> startByKey = new LinkedHashMap<>();

		private long longestWindow;

		NewestWindows(long retention) {
			this.retention = retention;
		}

		void add(String key, long start, long length) {
			this.startByKey.merge(key, start, Math::max);
			this.longestWindow = Math.max(this.longestWindow, length);
		}

		ScriptCall call(String pipelineKeys, long now, String margin) {
			List<String> args = new ArrayList<>();
			args.add(Long.toString(now));
			args.add(Long.toString(this.retention));
			args.add(margin);
			args.add(Long.toString(this.longestWindow));
			this.startByKey.forEach((key, start) -> {
				args.add(Long.toString(start));
				args.add(key);
			});
			return ScriptCall.of(LuaScript.PIPELINE_KEYS, List.of(pipelineKeys), args);
		}

	}

}
