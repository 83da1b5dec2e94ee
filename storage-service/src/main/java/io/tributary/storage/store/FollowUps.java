package io.tributary.storage.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.FeedEntryType;
import io.tributary.contract.WindowResult;

/**
 * The calls that follow what a write applied: live-feed entries in the order written, then the
 * status of each pipeline that had a result applied. A separate step because the feed and status
 * are keys of other slots than the records' (Redis Cluster).
 */
final class FollowUps {

	private final List<ScriptCall> feed = new ArrayList<>();

	/** Per pipeline with a result applied: the latest window end of a final one applied, or none. */
	private final Map<PipelineScope, Long> withResults = new LinkedHashMap<>();

	void feed(PipelineScope scope, FeedEntryType type, byte[] json) {
		this.feed.add(new FeedCall(scope, type, json));
	}

	void resultApplied(PipelineScope scope, WindowResult result) {
		long finalEnd = result.isFinal() ? result.windowEnd().toEpochMilli() : StatusCall.NO_FINAL;
		this.withResults.merge(scope, finalEnd, Math::max);
	}

	List<ScriptCall> calls() {
		List<ScriptCall> calls = new ArrayList<>(this.feed.size() + this.withResults.size());
		calls.addAll(this.feed);
		this.withResults.forEach((scope, finalEnd) -> calls.add(new StatusCall(scope, finalEnd)));
		return List.copyOf(calls);
	}

}
