package io.tributary.processing.firstseen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFileLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checkpointed form of first-seen state: a restore at any checkpoint holds exactly what was recorded. */
class FirstSeenTrackerTests {

	private static final long MINUTE = 60_000;

	private static PipelineDefinition pipeline() {
		return PipelineFileLoader.load("p.yaml", """
				streams:
				  s: {}
				pipelines:
				  new-users:
				    source: s
				    let: { fresh: first-seen(user) }
				    key-by: user
				    window: { type: tumbling, size: 1m }
				    aggregate: { n: count }
				    first-seen: { horizon: 1h, expected-values: 5000 }
				""", null).pipeline("new-users").orElseThrow();
	}

	@Test
	void aRestoreAtAnyCheckpointAnswersAsTheTrackerDidThenThroughLogsSnapshotsAndExpiry() {
		FirstSeenTracker tracker = FirstSeenTracker.of(pipeline());
		Map<String, String> redis = new HashMap<>();
		Set<String> recordedSinceStart = new HashSet<>();
		Random random = new Random(7);
		int compactions = 0;
		for (int batch = 0; batch < 300; batch++) {
			for (int e = 0; e < 40; e++) {
				long t = batch * MINUTE / 2 + e;
				String user = "u" + random.nextInt(3_000);
				tracker.record(user, t);
				recordedSinceStart.add(user);
			}
			tracker.watermark(batch * MINUTE / 2);
			Map<String, String> upserts = new HashMap<>();
			Set<String> deletes = new HashSet<>();
			tracker.checkpoint(upserts, deletes);
			assertThat(redis.keySet()).containsAll(deletes);
			assertThat(upserts.keySet()).noneMatch(deletes::contains);
			if (upserts.keySet().stream().anyMatch((f) -> f.contains("|gen|"))) {
				compactions++;
			}
			redis.putAll(upserts);
			redis.keySet().removeAll(deletes);
			assertThat(redis.keySet()).allMatch((f) -> "new-users".equals(FirstSeenTracker.pipelineOf(f)));

			FirstSeenTracker restored = FirstSeenTracker.of(pipeline());
			restored.restore(redis);
			restored.watermark(batch * MINUTE / 2);
			for (int probe = 0; probe < 3_200; probe++) {
				String user = "u" + probe;
				assertThat(restored.isNew(user)).as("restored at batch %d: %s", batch, user)
					.isEqualTo(tracker.isNew(user));
			}
		}
		assertThat(compactions).as("the log was compacted into snapshots").isGreaterThan(3);
		assertThat(redis.keySet().stream().filter((f) -> f.contains("|gen|")).count())
			.as("expired generations are deleted: at most the live ones are stored")
			.isLessThanOrEqualTo(SeenValues.LIVE_GENERATIONS);
	}

	@Test
	void logEntriesKeepValuesWithAnyCharacters() {
		List<FirstSeenTracker.Entry> entries = List.of(new FirstSeenTracker.Entry(3, "a:b"),
				new FirstSeenTracker.Entry(-2, ""), new FirstSeenTracker.Entry(4, "ünï\ncode:12:x"));
		assertThat(FirstSeenTracker.decodeLog(FirstSeenTracker.encodeLog(entries))).isEqualTo(entries);
	}

}
