package io.tributary.storage.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.LateEventRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Late-event records, late counts and dead letters against the real Redis: each kept once per id,
 * counted once, trimmed after its retention. Expectations are the Redis content written out by hand.
 */
class RecordStoreIT extends StoreItHarness {

	@Test
	void trimsLateRecordsOlderThanTheRetention() {
		Instant window = this.clock.instant().minusSeconds(60);
		this.store.store(List.of(lateOnly(late("short-lived", "t", "first", window))));
		this.clock.advance(Duration.ofMinutes(61));

		this.store.store(List.of(lateOnly(late("short-lived", "t", "second", this.clock.instant().minusSeconds(60)))));

		assertThat(this.redis.hkeys(this.ns + ":late:{short-lived}")).singleElement().asString().startsWith("second|");
		assertThat(zset(this.ns + ":late:{short-lived}:index")).singleElement().asString().startsWith("second|");
	}

	@Test
	void countsALateEventOnceEvenWhenItIsSentTwiceAndEachDistinctEventOnce() {
		Instant start = this.clock.instant().minusSeconds(60);
		String ws = Long.toString(start.toEpochMilli());
		LateEventRecord first = late("views", "c-late", "e-1", start);

		StoreOutcome once = this.store.store(List.of(lateOnly(first)));
		StoreOutcome twice = this.store.store(List.of(lateOnly(first)));
		this.store.store(List.of(lateOnly(late("views", "c-late", "e-2", start))));

		assertThat(once.lateRecorded()).isEqualTo(1);
		assertThat(twice.lateDuplicates()).isEqualTo(1);
		assertThat(this.redis.hgetall(this.ns + ":results:{views:c-late}:late")).isEqualTo(Map.of(ws, "2"));
		assertThat(this.redis.hkeys(this.ns + ":late:{views}")).contains("e-1|" + ws, "e-2|" + ws);
	}

	@Test
	void keepsADeadLetterOnceAndTrimsDeadLettersOlderThanTheirRetention() {
		DeadLetterRecord dead = dead("dl-stream", null, "d-1", this.clock.instant());
		DeadLetterRecord tooOld = dead("dl-stream", "views", "d-0", this.clock.instant().minus(Duration.ofDays(8)));

		StoreOutcome first = this.store.store(List.of(deadOnly(dead, tooOld)));
		StoreOutcome again = this.store.store(List.of(deadOnly(dead)));

		assertThat(first).isEqualTo(new StoreOutcome(0, 0, 0, 0, 0, 1, 0, 1));
		assertThat(again.deadLetterDuplicates()).isEqualTo(1);
		assertThat(this.redis.hgetall(this.ns + ":dead:{dl-stream}")).isEqualTo(Map.of("-|d-1", json(dead)));
		assertThat(zset(this.ns + ":dead:{dl-stream}:index")).containsExactly("-|d-1=" + dead.recordedAt().toEpochMilli());

		this.clock.advance(Duration.ofDays(7).plusSeconds(1));
		this.store.store(List.of(deadOnly(dead("dl-stream", null, "d-2", this.clock.instant()))));

		assertThat(this.redis.hkeys(this.ns + ":dead:{dl-stream}")).containsExactly("-|d-2");
	}


	@Test
	void keepsAResultOlderThanTheRetentionAsOneExpiredRecordPerWindowWithItsNewestRevision() {
		// short-lived keeps 1 hour: a window that ended 1 h + 1 s ago is past it
		Instant now = this.clock.instant();
		Instant start = now.minus(Duration.ofHours(1)).minusSeconds(11);
		String id = "old-key|" + start.toEpochMilli();

		StoreOutcome first = this.store.store(List.of(results(result("short-lived", "old-key", start, 1, 4))));
		this.clock.advance(Duration.ofSeconds(5));
		this.store.store(List.of(results(result("short-lived", "old-key", start, 2, 5))));
		// a redelivered older revision changes nothing
		this.store.store(List.of(results(result("short-lived", "old-key", start, 1, 4))));

		assertThat(first.resultsExpired()).isEqualTo(1);
		assertThat(first.resultsExpiredByPipeline()).isEqualTo(Map.of("short-lived", 1));
		assertThat(this.redis.exists(this.ns + ":results:{short-lived:old-key}")).isZero();
		String expected = "{\"pipeline\":\"short-lived\",\"key\":\"old-key\",\"windowStart\":\"" + start
				+ "\",\"windowEnd\":\"" + start.plusSeconds(10) + "\",\"revision\":2,\"version\":1,"
				+ "\"counts\":{\"events\":5,\"late\":0,\"duplicates\":0},\"cutoff\":\""
				+ now.plusSeconds(5).minus(Duration.ofHours(1)) + "\",\"droppedAt\":\"" + now.plusSeconds(5) + "\"}";
		assertThat(this.redis.hgetall(this.ns + ":late:{short-lived}:expired")).isEqualTo(Map.of(id, expected));
		assertThat(zset(this.ns + ":late:{short-lived}:expired:index"))
			.containsExactly(id + "=" + now.plusSeconds(5).toEpochMilli());
	}

}
