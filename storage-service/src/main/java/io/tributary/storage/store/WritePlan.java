package io.tributary.storage.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Alert;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.ExpiredResult;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;

/**
 * The script calls that store a list of result batches at one instant: results first (so late
 * counts published afterwards merge into the stored result), then retractions of merged session
 * windows (after the results that replace them), late records and counts, dead letters, alerts, and
 * the keys of each pipeline. Records already past their retention are left out; a result left out
 * so (its window ended before the pipeline's retention cutoff, a backfill of old data) is recorded
 * as an {@link ExpiredResult} beside the pipeline's late records and counted per pipeline instead.
 */
final class WritePlan {

	/** Id of a dead letter recorded before any pipeline. */
	static final String NO_PIPELINE = DeadLetterRecord.NO_PIPELINE;

	private final List<ScriptCall> calls;

	/** Records left out of the calls because they were past retention already. */
	private final int expiredResults;

	private final Map<String, Integer> expiredResultsByPipeline;

	private final int expiredDeadLetters;

	private final int expiredRetractions;

	private WritePlan(List<ScriptCall> calls, Map<String, Integer> expiredResultsByPipeline, int expiredDeadLetters,
			int expiredRetractions) {
		this.calls = List.copyOf(calls);
		this.expiredResultsByPipeline = Map.copyOf(expiredResultsByPipeline);
		this.expiredResults = expiredResultsByPipeline.values().stream().mapToInt(Integer::intValue).sum();
		this.expiredDeadLetters = expiredDeadLetters;
		this.expiredRetractions = expiredRetractions;
	}

	static WritePlan of(List<ResultBatch> batches, long now, WriteSettings settings) {
		Map<String, PipelineScope> scopes = new HashMap<>();
		List<ScriptCall> calls = new ArrayList<>();
		Map<String, PipelineKeysCall.Builder> newest = new LinkedHashMap<>();
		Map<String, Integer> expiredResults = new LinkedHashMap<>();
		int expiredDeadLetters = 0;
		int expiredRetractions = 0;
		for (ResultBatch batch : batches) {
			for (WindowResult r : batch.results()) {
				PipelineScope scope = scope(scopes, r.pipeline(), now, settings);
				long start = r.windowStart().toEpochMilli();
				long end = r.windowEnd().toEpochMilli();
				if (end < scope.shared().cutoff()) {
					expiredResults.merge(r.pipeline(), 1, Integer::sum);
					calls.add(new ExpiredResultCall(scope, settings.keys(), ExpiredResult.of(r,
							Instant.ofEpochMilli(scope.shared().cutoff()), Instant.ofEpochMilli(now))));
					continue;
				}
				calls.add(ResultCall.of(scope, WindowKeys.of(settings, r.pipeline(), r.key()), r));
				newest.computeIfAbsent(r.pipeline(), (p) -> new PipelineKeysCall.Builder(scope)).add(r.key(), start,
						end - start);
			}
		}
		// not on the change channel: its readers take every message for a result
		for (ResultBatch batch : batches) {
			for (WindowRetraction retraction : batch.retractions()) {
				PipelineScope scope = scope(scopes, retraction.pipeline(), now, settings);
				if (retraction.windowEnd().toEpochMilli() < scope.shared().cutoff()) {
					expiredRetractions++;
					continue;
				}
				calls.add(new RetractionCall(scope, WindowKeys.of(settings, retraction.pipeline(), retraction.key()),
						retraction));
			}
		}
		SharedArgs deadLetterArgs = new SharedArgs(now, settings.deadLetterRetention().toMillis(),
				settings.expiryMargin().toMillis(), settings.trimLimit());
		for (ResultBatch batch : batches) {
			for (LateEventRecord late : batch.late()) {
				PipelineScope scope = scope(scopes, late.pipeline(), now, settings);
				String id = lateId(late);
				// the record is kept even when its window is gone: a late event is never dropped unseen
				calls.add(new LateRecordCall(scope, settings.keys(), id, late));
				if (late.windowEnd().toEpochMilli() >= scope.shared().cutoff()) {
					calls.add(new LateCountCall(scope, WindowKeys.of(settings, late.pipeline(), late.key()), id, late));
				}
			}
			for (DeadLetterRecord dead : batch.deadLetters()) {
				if (dead.recordedAt().toEpochMilli() < deadLetterArgs.cutoff()) {
					expiredDeadLetters++;
					continue;
				}
				calls.add(new DeadLetterCall(deadLetterArgs, settings.keys(), deadLetterId(dead), dead));
			}
		}
		for (ResultBatch batch : batches) {
			for (Alert alert : batch.alerts()) {
				calls.add(new AlertCall(scope(scopes, alert.pipeline(), now, settings), settings.keys(), alert,
						WireFormat.write(alert), settings.alertTargets().of(alert.pipeline(), alert.rule())));
			}
		}
		for (PipelineKeysCall.Builder keys : newest.values()) {
			calls.add(keys.build(settings.keys()));
		}
		return new WritePlan(calls, expiredResults, expiredDeadLetters, expiredRetractions);
	}

	private static PipelineScope scope(Map<String, PipelineScope> scopes, String pipeline, long now,
			WriteSettings settings) {
		PipelineScope scope = scopes.get(pipeline);
		if (scope == null) {
			scope = new PipelineScope(pipeline, new SharedArgs(now, settings.retentions().of(pipeline).toMillis(),
					settings.expiryMargin().toMillis(), settings.trimLimit()), settings.keys());
			scopes.put(pipeline, scope);
		}
		return scope;
	}

	/** Id of a late-event record: the same event can be late for several windows. */
	static String lateId(LateEventRecord late) {
		return late.eventId() + "|" + late.windowStart().toEpochMilli();
	}

	/** Id of a dead-letter record within its stream. */
	static String deadLetterId(DeadLetterRecord dead) {
		return dead.id();
	}

	List<ScriptCall> calls() {
		return this.calls;
	}

	/** What the scripts' replies (in call order) mean: the outcome, and the calls that follow. */
	Replies read(long[] replies) {
		if (replies.length != this.calls.size()) {
			throw new IllegalArgumentException(replies.length + " replies for " + this.calls.size() + " calls");
		}
		StoreOutcome.Builder outcome = new StoreOutcome.Builder();
		outcome.resultsExpired += this.expiredResults;
		outcome.resultsExpiredByPipeline.putAll(this.expiredResultsByPipeline);
		outcome.deadLettersExpired += this.expiredDeadLetters;
		outcome.retractionsExpired += this.expiredRetractions;
		FollowUps next = new FollowUps();
		for (int i = 0; i < replies.length; i++) {
			this.calls.get(i).read(replies[i], outcome, next);
		}
		return new Replies(outcome.build(), next.calls());
	}

	/**
	 * What a plan's replies mean.
	 *
	 * @param followUps each applied result, retraction, counted late event and alert on its
	 *                  pipeline's live feed (in the order written), then each pipeline that had a
	 *                  result applied gets its lastResultAt
	 */
	record Replies(StoreOutcome outcome, List<ScriptCall> followUps) {
	}

}
