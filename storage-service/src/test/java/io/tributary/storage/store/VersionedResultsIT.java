package io.tributary.storage.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Alert;
import io.tributary.contract.Counts;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results and alerts of two versions of a pipeline at the same window start and alert id: version 2's
 * revisions start at 2^32 + 1, so what version 1 publishes late (a re-publish after a crash, an old
 * instance still draining) never replaces them. Expectations are the stored JSON written out by hand.
 */
class VersionedResultsIT extends StoreItHarness {

	/** Version 2's first revision: 2^32 + 1. */
	private static final long VERSION_2_FIRST = 4_294_967_297L;

	private static WindowResult views(String key, Instant start, long revision, long version, long views) {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("views", views);
		return new WindowResult("views", key, start, start.plusSeconds(10), true, revision, version, metrics,
				new Counts(views, 0, 0), null);
	}

	private static String storedJson(String key, Instant start, long revision, long version, long views) {
		return "{\"pipeline\":\"views\",\"key\":\"" + key + "\",\"windowStart\":\"" + start + "\",\"windowEnd\":\""
				+ start.plusSeconds(10) + "\",\"final\":true,\"revision\":" + revision + ",\"version\":" + version
				+ ",\"metrics\":{\"views\":" + views + "},\"counts\":{\"events\":" + views
				+ ",\"late\":0,\"duplicates\":0}}";
	}

	private Alert alert(String key, Instant start, long revision, long version, long n) {
		Instant at = this.clock.instant();
		return new Alert(Alert.id("high", key, start), "views", "high", key, Alert.Status.open, Alert.Severity.critical,
				Alert.Kind.threshold, "n > 10", start, start.plusSeconds(10), 1, Map.of("n", n), null, null, null, at,
				at, null, null, revision, version);
	}

	@Test
	void aVersionOneResultPublishedAfterVersionTwosDoesNotReplaceIt() {
		Instant start = this.clock.instant().minusSeconds(30);
		String hash = this.ns + ":results:{views:c-ver}";
		String ws = Long.toString(start.toEpochMilli());
		this.store.store(List.of(results(views("c-ver", start, 3, 1, 30))));

		StoreOutcome newer = this.store.store(List.of(results(views("c-ver", start, VERSION_2_FIRST, 2, 4))));
		// version 1 at a revision far above its first: still inside its range, below version 2's
		StoreOutcome late = this.store.store(List.of(results(views("c-ver", start, 3, 1, 30),
				views("c-ver", start, 1_000_000, 1, 31))));

		assertThat(newer.resultsApplied()).isEqualTo(1);
		assertThat(late.resultsIgnored()).isEqualTo(2);
		assertThat(this.redis.hget(hash, ws)).isEqualTo(storedJson("c-ver", start, VERSION_2_FIRST, 2, 4));
		assertThat(this.redis.hgetall(hash)).hasSize(1);
	}

	@Test
	void aResultStoredBeforeResultsNamedTheirVersionIsReplacedByVersionTwos() {
		Instant start = this.clock.instant().minusSeconds(30);
		String hash = this.ns + ":results:{views:c-legacy}";
		String ws = Long.toString(start.toEpochMilli());
		// what storage wrote before: no version member
		this.redis.hset(hash, ws, storedJson("c-legacy", start, 7, 1, 9).replace(",\"version\":1", ""));

		StoreOutcome outcome = this.store.store(List.of(results(views("c-legacy", start, VERSION_2_FIRST, 2, 2))));

		assertThat(outcome.resultsApplied()).isEqualTo(1);
		assertThat(this.redis.hget(hash, ws)).isEqualTo(storedJson("c-legacy", start, VERSION_2_FIRST, 2, 2));
	}

	@Test
	void aVersionOneAlertPublishedAfterVersionTwoOpenedTheSameIdDoesNotReplaceIt() {
		Instant start = this.clock.instant().minusSeconds(60);
		Alert old = alert("k1", start, 2, 1, 11);
		Alert newer = alert("k1", start, VERSION_2_FIRST, 2, 12);
		String hash = this.ns + ":alerts:{views}";
		this.store.store(List.of(ResultBatch.ofAlerts(List.of(old))));

		StoreOutcome applied = this.store.store(List.of(ResultBatch.ofAlerts(List.of(newer))));
		StoreOutcome late = this.store.store(List.of(ResultBatch.ofAlerts(List.of(old, alert("k1", start, 3, 1, 13)))));

		assertThat(applied.alertsApplied()).isEqualTo(1);
		assertThat(late.alertsIgnored()).isEqualTo(2);
		assertThat(this.redis.hget(hash, newer.id())).contains("\"revision\":4294967297,\"version\":2}")
			.contains("\"n\":12");
	}

}
