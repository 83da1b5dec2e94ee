package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.contract.WindowResult;
import io.tributary.systemtests.client.HttpResult;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipeline dead letters redriven end to end: events whose ad is not in the lookup table are
 * dead-lettered by the route stage; the table is loaded; the redrive re-submits them, once after a
 * simulated crash between the broker's confirm and the removal of the records (the state such a
 * crash leaves: the events published, their records still marked as redriving), then again. Every
 * event must be counted exactly once in its window: the per-window view counts equal a reference
 * computed here from the events sent, with no duplicates, and nothing is left to redrive. Beside
 * it, the old-data rule: a backfill older than the pipeline's retention is not stored, and is listed
 * as dropped with its reason instead of vanishing.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class DeadLetterRedriveIT {

	private static final String PIPELINE = "redrive-views";

	private static final String STREAM = "redrive-events";

	private static final String BACKFILL_PIPELINE = "backfill-views";

	private static final String BACKFILL_STREAM = "backfill-events";

	private static final String ADMIN = "/api/v1/admin/dead-letters";

	private static final int CAMPAIGNS = 3;

	private static final int EVENTS = 60;

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		// a long allowed lateness: the redrive comes a minute after the events, into fired windows
		// a machine shared with other builds can take more than the default 3 minutes to start four services
		system = RunningSystem.start(DeadLetterRedriveIT.class, PipelineYaml.ysb(
				Map.of(PIPELINE, STREAM, BACKFILL_PIPELINE, BACKFILL_STREAM), Map.of(PIPELINE, Duration.ofMinutes(10))),
				(cluster) -> cluster.readinessTimeout(Duration.ofMinutes(6)));
		Map<String, Object> table = new LinkedHashMap<>();
		for (int c = 0; c < CAMPAIGNS; c++) {
			table.put("known-" + c, "campaign-" + c);
		}
		table.put("probe-ad-1", "probe-1");
		system.loadLookup(table);
		system.awaitLookupLoaded("probe-ad-1", "probe-1");
	}

	@AfterAll
	static void stopServices() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void redrivenDeadLettersCountExactlyOnceAfterTheLookupIsLoaded() throws Exception {
		// 60 views over the last 30 s, every other one for an ad the table does not have yet
		Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
		List<Map<String, Object>> events = new ArrayList<>();
		Map<String, Long> reference = new TreeMap<>();
		for (int i = 0; i < EVENTS; i++) {
			int campaign = i % CAMPAIGNS;
			String ad = (i % 2 == 0) ? "known-" + campaign : "missing-" + campaign;
			Instant time = base.plusMillis(i * 500L);
			events.add(new LinkedHashMap<>(Map.of("event_id", "redrive-" + i, "ad_id", ad, "event_type", "view",
					"event_time", time.toString(), "latency_ms", 10 + i)));
			long windowStart = time.toEpochMilli() - Math.floorMod(time.toEpochMilli(), 10_000L);
			reference.merge("campaign-" + campaign + "@" + Instant.ofEpochMilli(windowStart), 1L, Long::sum);
		}
		assertThat(system.ingest.postJson(STREAM, events).status()).isEqualTo(202);

		// the route stage dead-letters the 30 events of missing ads
		List<String> ids = awaitDeadLetters(EVENTS / 2);
		assertThat(ids).allMatch((id) -> id.startsWith(PIPELINE + "|redrive-"));
		JsonNode first = system.ingest.get(ADMIN + "/streams/" + STREAM + "?limit=1").json().path("items").get(0);
		assertThat(first.path("state").asString()).isEqualTo("waiting");
		assertThat(first.path("record").path("reason").asString()).contains("has no entry for key 'missing-");

		// the cause fixed: the missing ads loaded (and a probe showing processing has the new table)
		Map<String, Object> fix = new LinkedHashMap<>();
		for (int c = 0; c < CAMPAIGNS; c++) {
			fix.put("missing-" + c, "campaign-" + c);
		}
		fix.put("probe-ad-2", "probe-2");
		system.loadLookup(fix);
		system.awaitLookupLoaded("probe-ad-2", "probe-2");

		// a redrive of ten by id, then the crash: the ten published, but their records still redriving
		List<String> firstTen = ids.subList(0, 10);
		Map<String, String> records = recordsOf(firstTen);
		HttpResult some = system.ingest.post(ADMIN + "/streams/" + STREAM + "/redrive", Map.of("ids", firstTen));
		assertThat(some.status()).as("%s", some).isEqualTo(200);
		assertThat(some.json().path("redriven").asInt()).isEqualTo(10);
		putBackAsRedriving(records);

		// run again: all of them, the ten once more among them
		HttpResult all = system.ingest.post(ADMIN + "/streams/" + STREAM + "/redrive", Map.of("all", true));
		assertThat(all.status()).as("%s", all).isEqualTo(200);
		assertThat(all.json().path("redriven").asInt()).isEqualTo(EVENTS / 2);
		// and again: nothing left
		HttpResult again = system.ingest.post(ADMIN + "/streams/" + STREAM + "/redrive", Map.of("all", true));
		assertThat(again.json().path("redriven").asInt()).isZero();
		// naming one already redriven is a 404 problem, and nothing is redriven
		HttpResult gone = system.ingest.post(ADMIN + "/streams/" + STREAM + "/redrive", Map.of("ids", firstTen));
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.contentType()).startsWith("application/problem+json");
		assertThat(system.ingest.post(ADMIN + "/streams/nope/redrive", Map.of("all", true)).status()).isEqualTo(404);

		Map<String, Long> counted = awaitCounts(reference);
		assertThat(counted).isEqualTo(reference);
		for (int c = 0; c < CAMPAIGNS; c++) {
			for (WindowResult r : system.query.results(PIPELINE, "campaign-" + c)) {
				assertThat(r.counts().duplicates()).as("duplicates in %s", r).isZero();
				assertThat(r.counts().late()).as("late in %s", r).isZero();
			}
		}
		assertThat(system.ingest.get(ADMIN + "/streams/" + STREAM).json().path("items")).isEmpty();
		assertThat(system.errorLines()).isEmpty();
	}

	@Test
	void brokerDeadLettersAreShownWithTheirReasonAndStayInTheQueue() throws Exception {
		String messageId = system.namespace + "-bad-message";
		system.broker().publish(STREAM, List.of(Map.of("event_id", "b-1", "ad_id", "known-0", "event_type", "view",
				"event_time", "yesterday")), messageId);

		JsonNode peeked = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			peeked = system.ingest.get(ADMIN + "/queues/ingest").json();
			if (!peeked.path("items").isEmpty()) {
				break;
			}
			Thread.sleep(200);
		}
		assertThat(peeked).isNotNull();
		JsonNode again = system.ingest.get(ADMIN + "/queues/ingest").json();
		for (JsonNode view : List.of(peeked, again)) {
			assertThat(view.path("messages").asLong()).isEqualTo(1);
			JsonNode item = view.path("items").get(0);
			assertThat(item.path("id").asString()).isEqualTo(messageId);
			assertThat(item.path("routingKey").asString()).isEqualTo(STREAM);
			assertThat(item.path("reason").asString()).contains("yesterday");
		}
		assertThat(system.ingest.get(ADMIN + "/queues/nope").status()).isEqualTo(404);
	}

	@Test
	void aBackfillOlderThanTheRetentionIsListedAsDroppedWithItsReason() throws Exception {
		// the pipelines keep 1 day: a window two days ago ended before the cutoff
		Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2)).plusSeconds(3_600);
		List<Map<String, Object>> events = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			// 4 views of campaign-0 in [start, start + 10 s), 3 of campaign-1 in [start + 10 s, start + 20 s)
			boolean first = i < 4;
			events.add(Map.of("event_id", "backfill-" + i, "ad_id", first ? "known-0" : "known-1", "event_type", "view",
					"event_time", start.plusSeconds(first ? i : 10 + i).toString(), "latency_ms", i));
		}
		assertThat(system.ingest.postJson(BACKFILL_STREAM, events).status()).isEqualTo(202);

		Map<String, Long> expected = Map.of("campaign-0@" + start, 4L, "campaign-1@" + start.plusSeconds(10), 3L);
		Map<String, Long> dropped = new TreeMap<>();
		JsonNode listing = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!dropped.equals(expected) && System.nanoTime() < deadline) {
			Thread.sleep(250);
			HttpResult late = system.query.get("/api/v1/pipelines/" + BACKFILL_PIPELINE + "/late");
			assertThat(late.status()).as("%s", late).isEqualTo(200);
			listing = late.json();
			dropped.clear();
			for (JsonNode d : listing.path("droppedResults")) {
				dropped.put(d.path("key").asString() + "@" + d.path("windowStart").asString(),
						d.path("counts").path("events").asLong());
			}
		}
		assertThat(dropped).isEqualTo(expected);
		assertThat(listing.path("droppedResults").get(0).path("reason").asString()).isEqualTo("expired-retention");
		assertThat(system.query.results(BACKFILL_PIPELINE, "campaign-0")).isEmpty();
		assertThat(system.query.results(BACKFILL_PIPELINE, "campaign-1")).isEmpty();
	}

	/** The ids of the stream's waiting dead letters once there are {@code expected}. */
	private static List<String> awaitDeadLetters(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			HttpResult listed = system.ingest.get(ADMIN + "/streams/" + STREAM + "?limit=1000");
			assertThat(listed.status()).as("%s", listed).isEqualTo(200);
			List<String> ids = new ArrayList<>();
			listed.json().path("items").forEach((item) -> ids.add(item.path("id").asString()));
			if (ids.size() >= expected || System.nanoTime() > deadline) {
				assertThat(ids).hasSize(expected);
				return ids.stream().sorted().toList();
			}
			Thread.sleep(200);
		}
	}

	/** Views per campaign and window as served, once they equal the reference or after 90 s. */
	private static Map<String, Long> awaitCounts(Map<String, Long> reference) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (true) {
			Map<String, Long> counted = new TreeMap<>();
			for (int c = 0; c < CAMPAIGNS; c++) {
				for (WindowResult r : system.query.results(PIPELINE, "campaign-" + c)) {
					counted.put(r.key() + "@" + r.windowStart(), r.counts().events());
				}
			}
			if (counted.equals(reference) || System.nanoTime() > deadline) {
				// a moment more: a second count of a redriven event would show up now
				Thread.sleep(2_000);
				return counted;
			}
			Thread.sleep(250);
		}
	}

	private static Map<String, String> recordsOf(List<String> ids) {
		RedisClient client = RedisClient.create(TestInfrastructure.redis().uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			Map<String, String> records = new LinkedHashMap<>();
			for (String id : ids) {
				records.put(id, connection.sync().hget(system.namespace + ":dead:{" + STREAM + "}", id));
			}
			return records;
		}
		finally {
			client.shutdown();
		}
	}

	/** What a redrive that crashed after the broker's confirm leaves behind. */
	private static void putBackAsRedriving(Map<String, String> records) {
		RedisClient client = RedisClient.create(TestInfrastructure.redis().uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().hset(system.namespace + ":dead:{" + STREAM + "}:redriving", records);
		}
		finally {
			client.shutdown();
		}
	}

}
