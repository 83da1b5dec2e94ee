package io.tributary.storage.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.tributary.contract.Counts;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.Alert;
import io.tributary.storage.RedisSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's scripts against the real Redis, with a clock the tests move: every expectation is
 * the Redis content written out by hand. Late records and dead letters: {@link RecordStoreIT}.
 */
class ResultStoreIT extends StoreItHarness {

	@Test
	void storesAResultUnderItsWindowStartAndIndexesItsWindowAndKey() {
		Instant start = this.clock.instant().minusSeconds(20);
		WindowResult result = result("views", "c-store", start, 1, 5);

		StoreOutcome outcome = this.store.store(List.of(results(result)));

		assertThat(outcome).isEqualTo(new StoreOutcome(1, 0, 0, 0, 0, 0, 0, 0));
		String ws = Long.toString(start.toEpochMilli());
		assertThat(this.redis.hgetall(this.ns + ":results:{views:c-store}")).isEqualTo(Map.of(ws, json(result)));
		assertThat(zset(this.ns + ":results:{views:c-store}:index")).containsExactly(ws + "=" + ws);
		assertThat(zset(this.ns + ":keys:{views}")).contains("c-store=" + ws);
		assertThat(this.redis.hget(this.ns + ":status:{views}", "lastResultAt"))
			.isEqualTo(Long.toString(this.clock.millis()));
		// idle keys vanish: the expiry is the retention (7 d) plus the margin (1 h), give or take the test's runtime
		assertThat(this.redis.pttl(this.ns + ":results:{views:c-store}"))
			.isBetween(Duration.ofDays(7).toMillis(), Duration.ofDays(7).plusHours(1).toMillis());
	}

	@Test
	void ignoresARevisionThatIsNotNewerAndAppliesOneThatIs() {
		Instant start = this.clock.instant().minusSeconds(20);
		String hash = this.ns + ":results:{views:c-rev}";
		String ws = Long.toString(start.toEpochMilli());
		this.store.store(List.of(results(result("views", "c-rev", start, 2, 20))));

		StoreOutcome older = this.store.store(List.of(results(result("views", "c-rev", start, 1, 10),
				result("views", "c-rev", start, 2, 99))));

		assertThat(older).isEqualTo(new StoreOutcome(0, 2, 0, 0, 0, 0, 0, 0));
		assertThat(this.redis.hget(hash, ws)).isEqualTo(json(result("views", "c-rev", start, 2, 20)));

		StoreOutcome newer = this.store.store(List.of(results(result("views", "c-rev", start, 3, 30))));

		assertThat(newer.resultsApplied()).isEqualTo(1);
		assertThat(this.redis.hget(hash, ws)).isEqualTo(json(result("views", "c-rev", start, 3, 30)));
	}

	@Test
	void aRetractionRemovesTheStoredSessionIsIdempotentAndKeepsOlderRevisionsOut() {
		Instant early = this.clock.instant().minusSeconds(60);
		Instant later = early.plusSeconds(15);
		String hash = this.ns + ":results:{views:c-merge}";
		String retracted = hash + ":retracted";
		String wsEarly = Long.toString(early.toEpochMilli());
		String wsLater = Long.toString(later.toEpochMilli());
		this.store.store(List.of(results(result("views", "c-merge", early, 2, 3), result("views", "c-merge", later, 1, 4))));
		// a late event bridged the two sessions: the merged one is stored under the early start
		WindowResult merged = result("views", "c-merge", early, 3, 7);
		WindowRetraction retraction = new WindowRetraction("views", "c-merge", later, later.plusSeconds(10), 2, early,
				early.plusSeconds(25));
		ResultBatch batch = new ResultBatch(List.of(merged), List.of(), List.of(), List.of(retraction), List.of());

		StoreOutcome first = this.store.store(List.of(batch));

		assertThat(first).isEqualTo(new StoreOutcome(1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0));
		assertThat(this.redis.hgetall(hash)).isEqualTo(Map.of(wsEarly, json(merged)));
		assertThat(zset(hash + ":index")).containsExactly(wsEarly + "=" + wsEarly);
		assertThat(zset(retracted)).containsExactly(wsLater + "|2=" + wsLater);
		assertThat(this.redis.pttl(retracted)).isBetween(Duration.ofDays(7).toMillis(),
				Duration.ofDays(7).plusHours(1).toMillis());
		Map<String, Object> afterFirst = RedisSnapshot.of(this.redis, this.ns);

		StoreOutcome again = this.store.store(List.of(batch));

		assertThat(again).isEqualTo(new StoreOutcome(0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0));
		assertThat(RedisSnapshot.of(this.redis, this.ns)).isEqualTo(afterFirst);

		// the retracted session's own revisions, redelivered, do not come back
		StoreOutcome redelivered = this.store.store(List.of(results(result("views", "c-merge", later, 1, 4),
				result("views", "c-merge", later, 2, 4))));

		assertThat(redelivered).isEqualTo(new StoreOutcome(0, 2, 0, 0, 0, 0, 0, 0));
		assertThat(this.redis.hgetall(hash)).containsOnlyKeys(wsEarly);
		assertThat(zset(hash + ":index")).containsExactly(wsEarly + "=" + wsEarly);

		// a retraction older than the stored result leaves it alone
		StoreOutcome stale = this.store.store(List.of(new ResultBatch(List.of(), List.of(), List.of(),
				List.of(new WindowRetraction("views", "c-merge", early, early.plusSeconds(10), 3, early.minusSeconds(5),
						early.plusSeconds(25))), List.of())));

		assertThat(stale.retractionsIgnored()).isEqualTo(1);
		assertThat(this.redis.hgetall(hash)).isEqualTo(Map.of(wsEarly, json(merged)));
	}

	@Test
	void storingTheSameBatchTwiceLeavesRedisExactlyAsStoringItOnce() {
		String k = "dup";
		Instant start = this.clock.instant().minusSeconds(30);
		WindowResult r1 = result("views", k + "-a", start, 4, 7);
		WindowResult r2 = result("views", k + "-b", start.plusSeconds(10), 1, 1);
		LateEventRecord late = late("views", k + "-a", "ev-1", start);
		DeadLetterRecord dead = dead("dup-stream", "views", "ev-2", this.clock.instant().minusSeconds(1));
		ResultBatch batch = new ResultBatch(List.of(r1, r2), List.of(late), List.of(dead));

		StoreOutcome first = this.store.store(List.of(batch));
		this.clock.advance(Duration.ofSeconds(5));
		StoreOutcome second = this.store.store(List.of(batch));

		assertThat(first).isEqualTo(new StoreOutcome(2, 0, 0, 1, 0, 1, 0, 0));
		assertThat(second).isEqualTo(new StoreOutcome(0, 2, 0, 0, 1, 0, 1, 0));
		long firstNow = this.clock.millis() - 5000;
		String a = this.ns + ":results:{views:" + k + "-a}";
		String b = this.ns + ":results:{views:" + k + "-b}";
		String wsA = Long.toString(start.toEpochMilli());
		String wsB = Long.toString(start.plusSeconds(10).toEpochMilli());
		String lateId = "ev-1|" + wsA;
		Map<String, Object> expected = new TreeMap<>();
		expected.put(a, new TreeMap<>(Map.of(wsA, json(r1))));
		expected.put(a + ":index", List.of(wsA + "=" + wsA));
		expected.put(a + ":late", new TreeMap<>(Map.of(wsA, "1")));
		expected.put(a + ":late-ids", List.of(lateId + "=" + wsA));
		expected.put(b, new TreeMap<>(Map.of(wsB, json(r2))));
		expected.put(b + ":index", List.of(wsB + "=" + wsB));
		expected.put(this.ns + ":late:{views}", new TreeMap<>(Map.of(lateId, json(late))));
		expected.put(this.ns + ":late:{views}:index", List.of(lateId + "=" + firstNow));
		expected.put(this.ns + ":dead:{dup-stream}", new TreeMap<>(Map.of("views|ev-2", json(dead))));
		expected.put(this.ns + ":dead:{dup-stream}:index",
				List.of("views|ev-2=" + dead.recordedAt().toEpochMilli()));
		expected.put(this.ns + ":keys:{views}", List.of(k + "-a=" + wsA, k + "-b=" + wsB));
		// r2's window [start + 10 s, start + 20 s) is the latest final one: stored 10 s after its end
		expected.put(this.ns + ":status:{views}", new TreeMap<>(Map.of("lastResultAt", Long.toString(firstNow),
				"lastFinalWindowEnd", Long.toString(start.plusSeconds(20).toEpochMilli()), "freshnessMs", "10000")));
		// the live feed got each revision once
		expected.put(this.ns + ":feed:{views}", List.of(Map.of("data", json(r1)), Map.of("data", json(r2)),
				Map.of("type", "late", "data", lateCount(late, 1))));
		assertThat(RedisSnapshot.of(this.redis, this.ns)).isEqualTo(expected);
	}

	private Alert alert(String key, Instant start, Alert.Status status, long revision, long breaches) {
		Instant at = this.clock.instant();
		return new Alert(Alert.id("high", key, start), "views", "high", key, status, Alert.Severity.critical, Alert.Kind.threshold,
				"n > 10", start, start.plusSeconds(10 * breaches), breaches, Map.of("n", 11L + revision), null, null,
				null, at, at, status == Alert.Status.open ? null : at,
				status == Alert.Status.open ? null : Alert.Resolution.recovered, revision, 1);
	}

	private static ResultBatch alerts(Alert... alerts) {
		return ResultBatch.ofAlerts(List.of(alerts));
	}

	@Test
	void keepsTheNewestRevisionOfAnAlertTheOpenOnesApartAndFeedsEachChangeOnce() {
		Instant start = this.clock.instant().minusSeconds(60);
		Alert opened = alert("k1", start, Alert.Status.open, 1, 1);
		Alert again = alert("k1", start, Alert.Status.open, 2, 2);
		Alert other = alert("k2", start.plusSeconds(10), Alert.Status.open, 1, 1);
		Alert resolved = alert("k1", start, Alert.Status.resolved, 3, 2);

		StoreOutcome first = this.store.store(List.of(alerts(opened, again, other)));
		StoreOutcome stale = this.store.store(List.of(alerts(opened, again)));
		String hash = this.ns + ":alerts:{views}";
		assertThat(first.alertsApplied()).isEqualTo(3);
		assertThat(stale.alertsIgnored()).isEqualTo(2);
		assertThat(this.redis.hget(hash, again.id())).isEqualTo(json(again));
		assertThat(zset(hash + ":open")).containsExactly(again.id() + "=" + start.toEpochMilli(),
				other.id() + "=" + start.plusSeconds(10).toEpochMilli());

		this.store.store(List.of(alerts(resolved)));
		this.store.store(List.of(alerts(again)));

		assertThat(this.redis.hget(hash, resolved.id())).isEqualTo(json(resolved));
		assertThat(zset(hash + ":open")).containsExactly(other.id() + "=" + start.plusSeconds(10).toEpochMilli());
		assertThat(zset(hash + ":index")).containsExactly(resolved.id() + "=" + start.toEpochMilli(),
				other.id() + "=" + start.plusSeconds(10).toEpochMilli());
		Map<String, Object> snapshot = RedisSnapshot.of(this.redis, this.ns);
		assertThat(snapshot.get(this.ns + ":feed:{views}")).isEqualTo(List.of(Map.of("type", "alert", "data", json(opened)),
				Map.of("type", "alert", "data", json(again)), Map.of("type", "alert", "data", json(other)),
				Map.of("type", "alert", "data", json(resolved))));
	}

	@Test
	void trimsAlertsThatOpenedBeforeTheRetention() {
		Instant old = this.clock.instant().minus(Duration.ofDays(8));
		Alert ancient = alert("old", old, Alert.Status.open, 1, 1);
		this.store.store(List.of(alerts(ancient)));
		this.store.store(List.of(alerts(alert("new", this.clock.instant(), Alert.Status.open, 1, 1))));
		assertThat(this.redis.hkeys(this.ns + ":alerts:{views}")).containsExactly(Alert.id("high", "new",
				this.clock.instant()));
		assertThat(this.redis.zcard(this.ns + ":alerts:{views}:open")).isEqualTo(1);
	}

	@Test
	void dropsWindowsThatEndedBeforeTheRetentionAndDoesNotStoreSuchResults() {
		Instant old = this.clock.instant().minusSeconds(60);
		String hash = this.ns + ":results:{short-lived:k}";
		this.store.store(List.of(new ResultBatch(List.of(result("short-lived", "k", old, 1, 1)),
				List.of(late("short-lived", "k", "late-1", old)), List.of())));
		assertThat(this.redis.hkeys(hash)).containsExactly(Long.toString(old.toEpochMilli()));

		// an hour and a minute later the old window ended more than the retention (1 h) ago
		this.clock.advance(Duration.ofMinutes(61));
		Instant recent = this.clock.instant().minusSeconds(10);
		StoreOutcome outcome = this.store.store(List.of(results(result("short-lived", "k", recent, 1, 2),
				result("short-lived", "other", old, 2, 2))));

		assertThat(outcome.resultsApplied()).isEqualTo(1);
		assertThat(outcome.resultsExpired()).isEqualTo(1);
		String ws = Long.toString(recent.toEpochMilli());
		assertThat(this.redis.hkeys(hash)).containsExactly(ws);
		assertThat(zset(hash + ":index")).containsExactly(ws + "=" + ws);
		assertThat(this.redis.exists(hash + ":late", hash + ":late-ids")).isZero();
		assertThat(this.redis.exists(this.ns + ":results:{short-lived:other}")).isZero();
		assertThat(zset(this.ns + ":keys:{short-lived}")).containsExactly("k=" + ws);
	}

	@Test
	void publishesEveryAppliedResultWithItsLateCountMergedAndNothingForAnIgnoredOne() throws InterruptedException {
		Instant start = this.clock.instant().minusSeconds(60);
		String channel = this.ns + ":changes:views";
		WindowResult rev1 = result("views", "c-pub", start, 1, 4);

		this.store.store(List.of(results(rev1)));
		assertThat(nextChange()).isEqualTo(channel + " " + json(rev1));

		this.store.store(List.of(lateOnly(late("views", "c-pub", "late-e", start))));
		assertThat(nextChange()).isEqualTo(channel + " " + json(rev1.withCounts(new Counts(4, 1, 0))));

		// processing says 2 late events of its own; storage adds the 1 it recorded
		WindowResult rev2 = new WindowResult("views", "c-pub", start, start.plusSeconds(10), true, 2,
				Map.of("views", 5L), new Counts(5, 2, 0));
		this.store.store(List.of(results(rev1, rev2)));
		assertThat(nextChange()).isEqualTo(channel + " " + json(rev2.withCounts(new Counts(5, 3, 0))));
		// the stored result stays as processing sent it; readers merge the late count
		assertThat(this.redis.hget(this.ns + ":results:{views:c-pub}", Long.toString(start.toEpochMilli())))
			.isEqualTo(json(rev2));

		WindowResult marker = result("views", "c-pub-marker", start, 1, 1);
		this.store.store(List.of(results(rev2, rev1), results(marker)));
		assertThat(nextChange()).isEqualTo(channel + " " + json(marker));
		assertThat(changes.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void keepsResultsOfAPipelineThePipelineFileDoesNotDeclareForTheDefaultRetention() {
		// the default here is 2 days: 1 day old is kept, 3 days old is not
		Instant dayOld = this.clock.instant().minus(DAY);
		Instant threeDaysOld = this.clock.instant().minus(DAY.multipliedBy(3));

		StoreOutcome outcome = this.store.store(List.of(results(result("undeclared", "u", dayOld, 1, 1),
				result("undeclared", "v", threeDaysOld, 1, 1))));

		assertThat(outcome.resultsApplied()).isEqualTo(1);
		assertThat(outcome.resultsExpired()).isEqualTo(1);
		assertThat(this.redis.hkeys(this.ns + ":results:{undeclared:u}")).containsExactly(Long.toString(dayOld.toEpochMilli()));
	}

}
