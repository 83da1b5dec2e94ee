package io.tributary.storage.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tributary.contract.FeedEntryType;

/**
 * The calls that follow what a write applied: live-feed entries in the order written, then the
 * status of each pipeline that had a result applied. A separate step because the feed and status
 * are keys of other slots than the records' (Redis Cluster).
 */
final class FollowUps {

	private final List<ScriptCall> feed = new ArrayList<>();

	private final Set<PipelineScope> withResults = new LinkedHashSet<>();

	void feed(PipelineScope scope, FeedEntryType type, byte[] json) {
		this.feed.add(new FeedCall(scope, type, json));
	}

	void resultApplied(PipelineScope scope) {
		this.withResults.add(scope);
	}

	List<ScriptCall> calls() {
		List<ScriptCall> calls = new ArrayList<>(this.feed.size() + this.withResults.size());
		calls.addAll(this.feed);
		for (PipelineScope scope : this.withResults) {
			calls.add(new StatusCall(scope));
		}
		return List.copyOf(calls);
	}

}
