package io.tributary.query;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.jayway.jsonpath.JsonPath;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service over HTTP against the real Redis. The test writes results, late counts, status,
 * late and dead-letter records with plain Redis commands and hand-written JSON, exactly as the
 * layout in contract RedisKeys says (independently of the service's reader code), then checks what
 * the API answers.
 */
class QueryApiIT extends QueryTestBed {

	private static final String NS = TestInfrastructure.newNamespace("query-it");

	private static final String PIPELINE = "campaign-views";

	/** 2024-05-01T12:00:00Z in epoch millis. */
	private static final long T0 = 1_714_564_800_000L;

	private static final String KEY = "c-1";

	/** A key with characters that must be encoded in a URL, to check the next links. */
	private static final String ODD_KEY = "ad+1 &x=y";

	/** A key with a slash, which a path carries as %2F. */
	private static final String SLASH_KEY = "site/home";

	/** A key whose results carry their accumulators' state, for roll-ups. */
	private static final String ROLL_KEY = "c-roll";

	/**
	 * A key with results of two pipeline versions: 10 s windows of version 1 (the first stored before
	 * results named their version) and a 20 s window of version 2 after an incompatible change.
	 */
	private static final String VERSIONS_KEY = "c-versions";

	/** Version 2's first revision: 2^32 + 1. */
	private static final long VERSION_2_FIRST = 4_294_967_297L;

	/** A key the pipeline lists but whose results are all gone. */
	private static final String KEY_WITHOUT_RESULTS = "c-gone";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StoredResults.properties(registry, NS);
	}

	@BeforeAll
	static void writeWhatStorageAndProcessingWouldHaveWritten() {
		RedisClient client = RedisClient.create(TestInfrastructure.redis().uri());
		try (StatefulRedisConnection<String, String> c = client.connect()) {
			RedisCommands<String, String> redis = c.sync();
			// five windows of KEY, written out of order; window 2 had 1 late event when its result was
			// last written and 3 more recorded since
			for (int i : new int[] { 3, 0, 4, 1, 2 }) {
				long start = T0 + i * 10_000L;
				redis.hset(NS + ":results:{" + PIPELINE + ":" + KEY + "}", String.valueOf(start),
						resultJson(KEY, start, i + 1, 10 + i, i == 2 ? 1 : 0));
				redis.zadd(NS + ":results:{" + PIPELINE + ":" + KEY + "}:index", start, String.valueOf(start));
			}
			redis.hset(NS + ":results:{" + PIPELINE + ":" + KEY + "}:late", String.valueOf(T0 + 20_000), "3");
			// late events for a window that never had a result are no result
			redis.hset(NS + ":results:{" + PIPELINE + ":" + KEY + "}:late", String.valueOf(T0 + 90_000), "7");
			for (int i = 0; i < 3; i++) {
				long start = T0 + i * 10_000L;
				redis.hset(NS + ":results:{" + PIPELINE + ":" + ODD_KEY + "}", String.valueOf(start),
						resultJson(ODD_KEY, start, 1, 1, 0));
				redis.zadd(NS + ":results:{" + PIPELINE + ":" + ODD_KEY + "}:index", start, String.valueOf(start));
			}
			redis.hset(NS + ":results:{" + PIPELINE + ":" + SLASH_KEY + "}", String.valueOf(T0),
					resultJson(SLASH_KEY, T0, 1, 1, 0));
			redis.zadd(NS + ":results:{" + PIPELINE + ":" + SLASH_KEY + "}:index", T0, String.valueOf(T0));
			redis.zadd(NS + ":keys:{" + PIPELINE + "}", T0, SLASH_KEY);
			String versions = NS + ":results:{" + PIPELINE + ":" + VERSIONS_KEY + "}";
			redis.hset(versions, String.valueOf(T0), resultJson(VERSIONS_KEY, T0, 2, 5, 0));
			redis.hset(versions, String.valueOf(T0 + 10_000), """
					{"pipeline":"campaign-views","key":"c-versions","windowStart":"2024-05-01T12:00:10Z",
					 "windowEnd":"2024-05-01T12:00:20Z","final":true,"revision":1,"version":1,"metrics":{"views":6},
					 "counts":{"events":6,"late":0,"duplicates":0}}
					""");
			redis.hset(versions, String.valueOf(T0 + 20_000), """
					{"pipeline":"campaign-views","key":"c-versions","windowStart":"2024-05-01T12:00:20Z",
					 "windowEnd":"2024-05-01T12:00:40Z","final":false,"revision":%d,"version":2,"metrics":{"views":3},
					 "counts":{"events":3,"late":0,"duplicates":0}}
					""".formatted(VERSION_2_FIRST));
			for (long start : new long[] { T0, T0 + 10_000, T0 + 20_000 }) {
				redis.zadd(versions + ":index", start, String.valueOf(start));
			}
			redis.zadd(NS + ":keys:{" + PIPELINE + "}", T0 + 40_000, KEY);
			redis.zadd(NS + ":keys:{" + PIPELINE + "}", T0 + 20_000, ODD_KEY);
			redis.zadd(NS + ":keys:{" + PIPELINE + "}", T0 - 10_000, KEY_WITHOUT_RESULTS);

			redis.hset(NS + ":status:{" + PIPELINE + "}", "watermark:p0", String.valueOf(T0 + 45_000));
			redis.hset(NS + ":status:{" + PIPELINE + "}", "watermark:p1", String.valueOf(T0 + 38_000));
			redis.hset(NS + ":status:{" + PIPELINE + "}", "watermark:p2", String.valueOf(T0 + 52_000));
			redis.hset(NS + ":status:{" + PIPELINE + "}", "lastResultAt", String.valueOf(T0 + 50_123));

			for (int i = 1; i <= 3; i++) {
				String id = "e-" + i + "|" + T0;
				redis.hset(NS + ":late:{" + PIPELINE + "}", id, """
						{"pipeline":"campaign-views","key":"c-1","windowStart":"2024-05-01T12:00:00Z",
						 "windowEnd":"2024-05-01T12:00:10Z","eventId":"e-%d","eventTime":"2024-05-01T12:00:0%dZ",
						 "watermark":"2024-05-01T12:00:3%dZ","values":{"ad_id":"a-%d","latency_ms":%d}}
						""".formatted(i, i, i, i, i * 100));
				redis.zadd(NS + ":late:{" + PIPELINE + "}:index", T0 + 60_000 + i * 1_000, id);
			}
			// a result storage dropped as older than the retention, as storage keeps it
			redis.hset(NS + ":late:{" + PIPELINE + "}:expired", "c-old|1714464000000", """
					{"pipeline":"campaign-views","key":"c-old","windowStart":"2024-04-30T08:00:00Z",
					 "windowEnd":"2024-04-30T08:00:10Z","revision":2,"counts":{"events":4,"late":0,"duplicates":0},
					 "cutoff":"2024-05-01T11:01:00Z","droppedAt":"2024-05-01T12:01:00Z"}
					""");
			redis.zadd(NS + ":late:{" + PIPELINE + "}:expired:index", T0 + 60_000, "c-old|1714464000000");
			for (int i = 1; i <= 2; i++) {
				redis.hset(NS + ":dead:{ad-events}", "d-" + i, """
						{"stream":"ad-events","pipeline":"campaign-views","eventId":"d-%d",
						 "eventTime":"2024-05-01T12:00:0%dZ","recordedAt":"2024-05-01T12:01:0%dZ",
						 "reason":"lookup campaigns has no entry for 'a-%d'","data":{"ad_id":"a-%d"}}
						""".formatted(i, i, i, i, i));
				redis.zadd(NS + ":dead:{ad-events}:index", T0 + 60_000 + i * 1_000, "d-" + i);
			}
			writeRollupWindows(redis);
			writeAlerts(redis);
			writeFailedDeliveries(redis);
		}
		finally {
			client.shutdown();
		}
	}

	/** Latencies of the events of each window of ROLL_KEY: windows 0..5, the last one not final. */
	private static final List<List<Long>> ROLL_LATENCIES = new ArrayList<>();

	/** Keys ranked by the top test, with the latencies of their windows 0 and 1. */
	private static final Map<String, List<List<Long>>> TOP_LATENCIES = new LinkedHashMap<>();

	/**
	 * Windows with accumulator state, as processing emits them: ROLL_KEY's six and two windows each of
	 * three more keys, from generated events.
	 */
	private static void writeRollupWindows(RedisCommands<String, String> redis) {
		Random random = new Random(7);
		for (int w = 0; w < 6; w++) {
			ROLL_LATENCIES.add(latencies(random, 1 + random.nextInt(40)));
		}
		writeWindows(redis, ROLL_KEY, ROLL_LATENCIES);
		for (String key : List.of("t-a", "t-b", "t-c")) {
			TOP_LATENCIES.put(key, List.of(latencies(random, 1 + random.nextInt(60)), latencies(random, random.nextInt(60))));
			writeWindows(redis, key, TOP_LATENCIES.get(key));
		}
	}

	private static List<Long> latencies(Random random, int n) {
		List<Long> latencies = new ArrayList<>();
		for (int e = 0; e < n; e++) {
			latencies.add((long) random.nextInt(2_000));
		}
		return latencies;
	}

	/** Windows 0, 1, ... of the key starting at T0, one per list of latencies; the last of ROLL_KEY is open. */
	private static void writeWindows(RedisCommands<String, String> redis, String key, List<List<Long>> windows) {
		for (int w = 0; w < windows.size(); w++) {
			boolean isFinal = !key.equals(ROLL_KEY) || w < windows.size() - 1;
			StoredResults.write(redis, NS, key, T0 + w * 10_000L, windows.get(w), isFinal, w);
		}
		redis.zadd(NS + ":keys:{" + PIPELINE + "}", T0 + (windows.size() - 1) * 10_000L, key);
	}

	/** Alerts as storage keeps them: c-1 has one resolved and one open, c-2 one open. */
	private static void writeAlerts(RedisCommands<String, String> redis) {
		String hash = NS + ":alerts:{" + PIPELINE + "}";
		String[][] alerts = { { "slow|c-1|" + T0, "resolved", "c-1", "0" }, { "slow|c-1|" + (T0 + 30_000), "open", "c-1", "3" },
				{ "views-anomaly|c-2|" + (T0 + 20_000), "open", "c-2", "2" } };
		for (String[] a : alerts) {
			long start = Long.parseLong(a[0].substring(a[0].lastIndexOf('|') + 1));
			redis.hset(hash, a[0], """
					{"id":"%s","pipeline":"campaign-views","rule":"%s","key":"%s","status":"%s","severity":"critical",
					 "kind":"threshold","condition":"avg_latency > 1500","windowStart":"%s","windowEnd":"%s","breaches":1,
					 "metrics":{"views":2},"openedAt":"2024-05-01T12:05:00Z","updatedAt":"2024-05-01T12:05:00Z",%s
					 "revision":1}
					""".formatted(a[0], a[0].substring(0, a[0].indexOf('|')), a[2], a[1], Instant.ofEpochMilli(start),
					Instant.ofEpochMilli(start + 10_000), a[1].equals("resolved")
							? "\"resolvedAt\":\"2024-05-01T12:05:00Z\",\"resolution\":\"recovered\"," : ""));
			redis.zadd(hash + ":index", start, a[0]);
			if (a[1].equals("open")) {
				redis.zadd(hash + ":open", start, a[0]);
			}
		}
	}

	/** The ids of the failed deliveries' records, newest first, as Redis has them. */
	private static List<String> failedDeliveryIds() {
		RedisClient client = RedisClient.create(TestInfrastructure.redis().uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync()
				.xrevrange(NS + ":alerts:{" + PIPELINE + "}:deliveries:failed", Range.create("-", "+"))
				.stream()
				.map(StreamMessage::getId)
				.toList();
		}
		finally {
			client.shutdown();
		}
	}

	/** Two failed deliveries as storage records them: a stream of JSON in field data, oldest first. */
	private static void writeFailedDeliveries(RedisCommands<String, String> redis) {
		String stream = NS + ":alerts:{" + PIPELINE + "}:deliveries:failed";
		for (String target : new String[] { "ops-hook", "team-chat" }) {
			redis.xadd(stream, Map.of("data", """
					{"target":"%s","idempotencyKey":"slow%%7Cc-1%%7C%d%%7C1","attempts":6,"reason":"HTTP 503: down",
					 "firstAttemptAt":"2024-05-01T12:05:01Z","failedAt":"2024-05-01T12:05:32Z",
					 "alert":{"id":"slow|c-1|%d","pipeline":"campaign-views","rule":"slow","key":"c-1","status":"open",
					 "severity":"critical","kind":"threshold","condition":"avg_latency > 1500","windowStart":"%s",
					 "windowEnd":"%s","breaches":1,"metrics":{"views":2},"openedAt":"2024-05-01T12:05:00Z",
					 "updatedAt":"2024-05-01T12:05:00Z","revision":1,"version":1}}
					""".formatted(target, T0, T0, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 10_000))));
		}
	}

	@Test
	void listsFailedDeliveriesNewestFirst() throws Exception {
		String base = "/api/v1/pipelines/campaign-views/alerts/deliveries/failed";
		Response all = get(base);
		assertThat(all.status()).as(all.body()).isEqualTo(200);
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].target")).containsExactly("team-chat", "ops-hook");
		// each with its record's id, the stream id, which ingestion's resend takes
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].id")).containsExactlyElementsOf(failedDeliveryIds());
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].reason")).containsOnly("HTTP 503: down");
		assertThat((List<Integer>) JsonPath.read(all.body(), "$.items[*].attempts")).containsOnly(6);
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].idempotencyKey"))
			.containsOnly("slow%7Cc-1%7C" + T0 + "%7C1");
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].alert.id")).containsOnly("slow|c-1|" + T0);
		assertThat((List<String>) JsonPath.read(get(base + "?limit=1").body(), "$.items[*].target"))
			.containsExactly("team-chat");
		Response bad = get(base + "?limit=zero");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.contentType()).contains("problem+json");
		assertThat((String) JsonPath.read(bad.body(), "$.parameter")).isEqualTo("limit");
		assertThat(get("/api/v1/pipelines/nope/alerts/deliveries/failed").status()).isEqualTo(404);
	}

	@Test
	void listsAlertsNewestFirstByStatusAndKey() throws Exception {
		String base = "/api/v1/pipelines/campaign-views/alerts";
		Response all = get(base);
		assertThat(all.status()).as(all.body()).isEqualTo(200);
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].id")).containsExactly("slow|c-1|" + (T0 + 30_000),
				"views-anomaly|c-2|" + (T0 + 20_000), "slow|c-1|" + T0);
		assertThat((Integer) JsonPath.read(all.body(), "$.open")).isEqualTo(2);
		// lower case as stored, and a resolution only where there is one
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].status")).containsExactly("open", "open",
				"resolved");
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].severity")).containsExactly("critical",
				"critical", "critical");
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].kind")).containsExactly("threshold",
				"threshold", "threshold");
		assertThat((List<String>) JsonPath.read(all.body(), "$.items[*].resolution")).containsExactly("recovered");
		// stored before alerts named their pipeline version: served as version 1
		assertThat(all.body()).contains("\"updatedAt\":\"2024-05-01T12:05:00Z\",\"revision\":1,\"version\":1}",
				"\"resolvedAt\":\"2024-05-01T12:05:00Z\",\"resolution\":\"recovered\",\"revision\":1,\"version\":1}");
		assertThat((List<String>) JsonPath.read(get(base + "?status=open").body(), "$.items[*].key"))
			.containsExactly("c-1", "c-2");
		assertThat((List<String>) JsonPath.read(get(base + "?status=resolved").body(), "$.items[*].id"))
			.containsExactly("slow|c-1|" + T0);
		assertThat((List<String>) JsonPath.read(get(base + "?key=c-1&limit=1").body(), "$.items[*].id"))
			.containsExactly("slow|c-1|" + (T0 + 30_000));
		assertThat((List<String>) JsonPath.read(get(base + "?key=c-2&status=resolved").body(), "$.items")).isEmpty();
		Response bad = get(base + "?status=closed");
		assertThat(bad.status()).isEqualTo(400);
		assertThat((String) JsonPath.read(bad.body(), "$.parameter")).isEqualTo("status");
		assertThat(get("/api/v1/pipelines/nope/alerts").status()).isEqualTo(404);
	}

	@AfterAll
	static void deleteNamespace() {
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	@Test
	void pagesThroughEveryResultOfAKeyExactlyOnceOldestFirst() throws Exception {
		List<List<String>> pages = followPages("/api/v1/pipelines/campaign-views/results?key=c-1&limit=2");
		assertThat(pages).containsExactly(
				List.of("2024-05-01T12:00:00Z", "2024-05-01T12:00:10Z"),
				List.of("2024-05-01T12:00:20Z", "2024-05-01T12:00:30Z"),
				List.of("2024-05-01T12:00:40Z"));
	}

	@Test
	void pagesThroughAKeyThatNeedsEncodingInTheUrl() throws Exception {
		List<List<String>> pages = followPages(
				"/api/v1/pipelines/campaign-views/results?limit=2&key=" + encode(ODD_KEY));
		assertThat(pages).containsExactly(List.of("2024-05-01T12:00:00Z", "2024-05-01T12:00:10Z"),
				List.of("2024-05-01T12:00:20Z"));
	}

	@Test
	void servesWindowStartsInTheHalfOpenRangeFromTo() throws Exception {
		// from is an existing window start (included), to is another one (excluded)
		String first = "/api/v1/pipelines/campaign-views/results?key=c-1&limit=2&from=2024-05-01T12:00:10Z&to="
				+ (T0 + 40_000);
		assertThat(followPages(first)).containsExactly(List.of("2024-05-01T12:00:10Z", "2024-05-01T12:00:20Z"),
				List.of("2024-05-01T12:00:30Z"));
		assertThat(followPages("/api/v1/pipelines/campaign-views/results?key=c-1&from=" + (T0 + 10_001) + "&to="
				+ (T0 + 30_000))).containsExactly(List.of("2024-05-01T12:00:20Z"));
		assertThat(followPages("/api/v1/pipelines/campaign-views/results?key=c-1&from=2024-05-01T12:00:41Z"))
			.containsExactly(List.of());
		assertThat(followPages("/api/v1/pipelines/campaign-views/results?key=c-1&to=2024-05-01T12:00:00Z"))
			.containsExactly(List.of());
	}

	@Test
	void rollsTheWindowsOfARangeUpIntoOneAggregate() throws Exception {
		// windows 1..4: [T0 + 10 s, T0 + 50 s)
		Response r = get("/api/v1/pipelines/campaign-views/keys/" + ROLL_KEY + "/rollup?from=" + (T0 + 10_000)
				+ "&to=2024-05-01T12:00:50Z");
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		List<Long> latencies = ROLL_LATENCIES.subList(1, 5).stream().flatMap(List::stream).toList();
		long sum = latencies.stream().mapToLong(Long::longValue).sum();
		JSONAssert.assertEquals("""
				{"pipeline":"campaign-views","key":"c-roll","from":"2024-05-01T12:00:10Z","to":"2024-05-01T12:00:50Z",
				 "windows":4,"allFinal":true,"firstWindowStart":"2024-05-01T12:00:10Z",
				 "lastWindowEnd":"2024-05-01T12:00:50Z",
				 "metrics":{"views":%d,"total_latency":%d,"avg_latency":%s,"ms_per_view":%s},
				 "counts":{"events":%d,"late":0,"duplicates":%d},"incomplete":[]}
				""".formatted(latencies.size(), sum, (double) sum / latencies.size(), (double) sum / latencies.size(),
				latencies.size(), 1 + 2 + 3 + 4),
				r.body(), JSONCompareMode.STRICT);

		Response all = get("/api/v1/pipelines/campaign-views/keys/" + ROLL_KEY + "/rollup");
		assertThat(all.status()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(all.body(), "$.windows")).isEqualTo(6);
		assertThat((Boolean) JsonPath.read(all.body(), "$.allFinal")).as("the last window is open").isFalse();
		assertThat((Object) JsonPath.read(all.body(), "$.from")).isNull();
		assertThat(((Number) JsonPath.read(all.body(), "$.metrics.views")).longValue())
			.isEqualTo(ROLL_LATENCIES.stream().mapToLong(List::size).sum());

		Response none = get("/api/v1/pipelines/campaign-views/keys/" + ROLL_KEY + "/rollup?from=" + (T0 + 60_000));
		assertThat(none.status()).isEqualTo(200);
		JSONAssert.assertEquals("""
				{"windows":0,"allFinal":false,"metrics":{"views":0,"total_latency":null,"avg_latency":null}}
				""", none.body(), JSONCompareMode.LENIENT);
	}

	@Test
	void ranksKeysByAMetricRolledUpOverTheRange() throws Exception {
		// windows 0 and 1 of every key with state: c-roll and t-a, t-b, t-c
		Map<String, Long> views = new LinkedHashMap<>();
		views.put(ROLL_KEY, (long) ROLL_LATENCIES.get(0).size() + ROLL_LATENCIES.get(1).size());
		TOP_LATENCIES.forEach((key, windows) -> views.put(key, (long) windows.get(0).size() + windows.get(1).size()));
		List<String> expected = views.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
			.map(Map.Entry::getKey)
			.toList();

		Response r = get("/api/v1/pipelines/campaign-views/top?metric=views&n=3&from=" + T0 + "&to=" + (T0 + 20_000));
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		List<String> keys = JsonPath.read(r.body(), "$.items[*].key");
		List<Number> values = JsonPath.read(r.body(), "$.items[*].value");
		assertThat(keys).containsExactlyElementsOf(expected.subList(0, 3));
		assertThat(values).extracting(Number::longValue)
			.containsExactlyElementsOf(expected.subList(0, 3).stream().map(views::get).toList());
		// c-1 and the others have windows in the range but no mergeable state: no value, not ranked
		assertThat((Integer) JsonPath.read(r.body(), "$.keys")).isEqualTo(4);

		assertThat(get("/api/v1/pipelines/campaign-views/top").status()).as("metric is required").isEqualTo(400);
		Response unknown = get("/api/v1/pipelines/campaign-views/top?metric=nope");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat((String) JsonPath.read(unknown.body(), "$.parameter")).isEqualTo("metric");
		assertThat(get("/api/v1/pipelines/campaign-views/top?metric=views&n=0").status()).isEqualTo(400);
		assertThat(get("/api/v1/pipelines/nope/top?metric=views").status()).isEqualTo(404);
	}

	@Test
	void aRollupOfWindowsWithoutStateSaysWhichMetricsItCouldNotMerge() throws Exception {
		// c-1's results were written without accumulator state (as by an older processing-service)
		Response r = get("/api/v1/pipelines/campaign-views/keys/c-1/rollup");
		assertThat(r.status()).isEqualTo(200);
		JSONAssert.assertEquals("""
				{"windows":5,"metrics":{"views":null,"total_latency":null,"avg_latency":null},
				 "incomplete":["views","total_latency","avg_latency"],
				 "counts":{"events":60,"late":4,"duplicates":10}}
				""", r.body(), JSONCompareMode.LENIENT);
		assertThat(get("/api/v1/pipelines/campaign-views/keys/nope/rollup").status()).isEqualTo(404);
		assertThat(get("/api/v1/pipelines/nope/keys/c-1/rollup").status()).isEqualTo(404);
		assertThat(get("/api/v1/pipelines/campaign-views/keys/c-1/rollup?from=yesterday").status()).isEqualTo(400);
	}

	@Test
	void resultsAreServedWithoutTheirAccumulatorState() throws Exception {
		Response r = get("/api/v1/pipelines/campaign-views/keys/" + ROLL_KEY + "/latest");
		assertThat(r.status()).isEqualTo(200);
		assertThat(r.body()).doesNotContain("\"state\"");
		assertThat(get("/api/v1/pipelines/campaign-views/results?key=" + ROLL_KEY).body()).doesNotContain("\"state\"");
	}

	@Test
	void describesTheApiWithOpenApiAndServesSwaggerUi() throws Exception {
		Response docs = get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		Map<String, Object> paths = JsonPath.read(docs.body(), "$.paths");
		assertThat(paths).containsKeys("/api/v1/pipelines", "/api/v1/pipelines/{pipeline}/results",
				"/api/v1/pipelines/{pipeline}/keys/{key}/latest", "/api/v1/pipelines/{pipeline}/keys/{key}/rollup",
				"/api/v1/pipelines/{pipeline}/top", "/api/v1/pipelines/{pipeline}/stream",
				"/api/v1/pipelines/{pipeline}/late", "/api/v1/streams/{stream}/dead-letters");
		assertThat(paths.keySet()).allMatch((p) -> p.startsWith("/api/"));
		assertThat((String) JsonPath.read(docs.body(), "$.info.title")).isEqualTo("Tributary query API");
		Response ui = get("/swagger-ui/index.html");
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
	}

	@Test
	void addsTheRecordedLateCountToTheStoredOne() throws Exception {
		Response r = get("/api/v1/pipelines/campaign-views/results?key=c-1&from=" + (T0 + 20_000) + "&to="
				+ (T0 + 20_001));
		assertThat(r.status()).isEqualTo(200);
		JSONAssert.assertEquals("{\"items\": [" + expected(KEY, T0 + 20_000, 3, 12, 1 + 3) + "], \"next\": null}",
				r.body(), JSONCompareMode.STRICT);
	}

	@Test
	@SuppressWarnings("unchecked")
	void eachResultNamesThePipelineVersionThatComputedItOneStoredWithoutAVersionReadsAsOne() throws Exception {
		Response all = get("/api/v1/pipelines/campaign-views/results?key=" + VERSIONS_KEY);
		assertThat(all.status()).as(all.body()).isEqualTo(200);
		assertThat((List<Object>) JsonPath.read(all.body(), "$.items[*].version")).containsExactly(1, 1, 2);
		assertThat((List<Object>) JsonPath.read(all.body(), "$.items[*].revision")).containsExactly(2, 1,
				VERSION_2_FIRST);
		Response legacy = get("/api/v1/pipelines/campaign-views/results?key=" + VERSIONS_KEY + "&to=" + (T0 + 1));
		JSONAssert.assertEquals("{\"items\": [" + expected(VERSIONS_KEY, T0, 2, 5, 0) + "], \"next\": null}",
				legacy.body(), JSONCompareMode.STRICT);

		Response second = get("/api/v1/pipelines/campaign-views/results?key=" + VERSIONS_KEY + "&version=2");
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat((List<String>) JsonPath.read(second.body(), "$.items[*].windowEnd"))
			.containsExactly("2024-05-01T12:00:40Z");

		// one result a page: the first page of version 1 links to the second, which is the last
		Response first = get("/api/v1/pipelines/campaign-views/results?key=" + VERSIONS_KEY + "&version=1&limit=1");
		assertThat((List<String>) JsonPath.read(first.body(), "$.items[*].windowStart"))
			.containsExactly("2024-05-01T12:00:00Z");
		Response next = get(JsonPath.read(first.body(), "$.next"));
		assertThat((List<String>) JsonPath.read(next.body(), "$.items[*].windowStart"))
			.containsExactly("2024-05-01T12:00:10Z");
		assertThat((Object) JsonPath.read(next.body(), "$.next")).isNull();

		Response latest = get("/api/v1/pipelines/campaign-views/keys/" + VERSIONS_KEY + "/latest");
		assertThat((Integer) JsonPath.read(latest.body(), "$.version")).isEqualTo(2);

		// a roll-up of one version: version 1's two windows, [T0, T0 + 20 s) of 5 + 6 events
		Response rollup = get("/api/v1/pipelines/campaign-views/keys/" + VERSIONS_KEY + "/rollup?version=1");
		assertThat(rollup.status()).as(rollup.body()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(rollup.body(), "$.windows")).isEqualTo(2);
		assertThat((Integer) JsonPath.read(rollup.body(), "$.counts.events")).isEqualTo(11);
		assertThat((String) JsonPath.read(rollup.body(), "$.lastWindowEnd")).isEqualTo("2024-05-01T12:00:20Z");
		Response both = get("/api/v1/pipelines/campaign-views/keys/" + VERSIONS_KEY + "/rollup");
		assertThat((Integer) JsonPath.read(both.body(), "$.windows")).isEqualTo(3);
		assertThat(get("/api/v1/pipelines/campaign-views/results?key=" + VERSIONS_KEY + "&version=0").status())
			.isEqualTo(400);
	}

	@Test
	void latestIsTheResultWithTheNewestWindowStart() throws Exception {
		Response r = get("/api/v1/pipelines/campaign-views/keys/c-1/latest");
		assertThat(r.status()).isEqualTo(200);
		assertThat(r.contentType()).isEqualTo("application/json");
		JSONAssert.assertEquals(expected(KEY, T0 + 40_000, 5, 14, 0), r.body(), JSONCompareMode.STRICT);
		Response odd = get("/api/v1/pipelines/campaign-views/keys/" + encode(ODD_KEY) + "/latest");
		assertThat(odd.status()).isEqualTo(200);
		assertThat((String) JsonPath.read(odd.body(), "$.windowStart")).isEqualTo("2024-05-01T12:00:20Z");
		Response slash = get("/api/v1/pipelines/campaign-views/keys/site%2Fhome/latest");
		assertThat(slash.status()).isEqualTo(200);
		assertThat((String) JsonPath.read(slash.body(), "$.key")).isEqualTo(SLASH_KEY);
	}

	@Test
	void unknownPipelinesAndKeysAre404Problems() throws Exception {
		for (String path : List.of("/api/v1/pipelines/nope", "/api/v1/pipelines/nope/results?key=c-1",
				"/api/v1/pipelines/campaign-views/results?key=nope", "/api/v1/pipelines/campaign-views/keys/nope/latest",
				"/api/v1/pipelines/campaign-views/keys/c-gone/latest", "/api/v1/pipelines/nope/late",
				"/api/v1/streams/nope/dead-letters", "/api/v1/nothing-here")) {
			Response r = get(path);
			assertThat(r.status()).as(path).isEqualTo(404);
			assertThat(r.contentType()).as(path).isEqualTo("application/problem+json");
			assertThat((Integer) JsonPath.read(r.body(), "$.status")).as(path).isEqualTo(404);
		}
	}

	@Test
	void aKeyWhoseResultsAreGoneHasAnEmptyPage() throws Exception {
		assertThat(followPages("/api/v1/pipelines/campaign-views/results?key=c-gone")).containsExactly(List.of());
	}

	@Test
	void badParametersAre400ProblemsNamingTheParameter() throws Exception {
		String results = "/api/v1/pipelines/campaign-views/results?";
		for (String[] c : new String[][] { { "from=" + T0 + "&to=" + T0 + "&key=c-1", "from" },
				{ "from=2024-05-01T12:00:20Z&to=2024-05-01T12:00:10Z&key=c-1", "from" },
				{ "from=noon&key=c-1", "from" }, { "to=2024-05-01T25:00:00Z&key=c-1", "to" },
				{ "limit=0&key=c-1", "limit" }, { "limit=1001&key=c-1", "limit" }, { "cursor=abc&key=c-1", "cursor" },
				{ "limit=2", "key" }, { "key=", "key" } }) {
			Response r = get(results + c[0]);
			assertThat(r.status()).as(c[0]).isEqualTo(400);
			assertThat(r.contentType()).as(c[0]).isEqualTo("application/problem+json");
			assertThat((String) JsonPath.read(r.body(), "$.parameter")).as(c[0]).isEqualTo(c[1]);
			assertThat(r.body()).as(c[0]).doesNotContain("Exception", "trace");
		}
	}

	@Test
	void anUndecodableQueryStringIsA400Problem() throws Exception {
		// java.net.URI refuses to build such a request, so it goes over a plain socket
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.getOutputStream()
				.write(("GET /api/v1/pipelines/campaign-views/results?key=%ZZ HTTP/1.1\r\nHost: localhost\r\n"
						+ "Authorization: " + StoredResults.KEY.bearer() + "\r\n"
						+ "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 400")
				.containsIgnoringCase("Content-Type: application/problem+json")
				.doesNotContain("Exception");
		}
	}

	@Test
	void listsPipelinesWithTheLowestPartitionWatermarkAndTheLastResultTime() throws Exception {
		Response r = get("/api/v1/pipelines");
		assertThat(r.status()).isEqualTo(200);
		assertThat((List<String>) JsonPath.read(r.body(), "$.items[*].name")).containsExactly("campaign-views",
				"click-counts");
		JSONAssert.assertEquals("""
				{"items": [{"name": "campaign-views",
				            "status": {"watermark": "2024-05-01T12:00:38Z", "lastResultAt": "2024-05-01T12:00:50.123Z",
				                       "keys": 8}},
				           {"name": "click-counts", "status": {"watermark": null, "lastResultAt": null, "keys": 0}}]}
				""", r.body(), JSONCompareMode.LENIENT);
		assertThat((String) JsonPath.read(r.body(), "$.items[0].definition.window.size")).isEqualTo("10s");
	}

	@Test
	void listsKeysNewestFirst() throws Exception {
		Response r = get("/api/v1/pipelines/campaign-views/keys?limit=2");
		assertThat(r.status()).isEqualTo(200);
		JSONAssert.assertEquals("""
				{"items": [{"key": "c-roll", "newestWindowStart": "2024-05-01T12:00:50Z"},
				           {"key": "c-1", "newestWindowStart": "2024-05-01T12:00:40Z"}],
				 "total": 8}
				""", r.body(), JSONCompareMode.STRICT);
	}

	@Test
	void listsLateRecordsNewestFirst() throws Exception {
		Response r = get("/api/v1/pipelines/campaign-views/late?limit=2");
		assertThat(r.status()).isEqualTo(200);
		JSONAssert.assertEquals("""
				{"items": [
				  {"pipeline": "campaign-views", "key": "c-1", "windowStart": "2024-05-01T12:00:00Z",
				   "windowEnd": "2024-05-01T12:00:10Z", "eventId": "e-3", "eventTime": "2024-05-01T12:00:03Z",
				   "watermark": "2024-05-01T12:00:33Z", "recordedAt": "2024-05-01T12:01:03Z",
				   "reason": "late: the watermark (2024-05-01T12:00:33Z) had passed the end of its window (2024-05-01T12:00:10Z) plus the allowed lateness, so the window was closed",
				   "values": {"ad_id": "a-3", "latency_ms": 300}},
				  {"pipeline": "campaign-views", "key": "c-1", "windowStart": "2024-05-01T12:00:00Z",
				   "windowEnd": "2024-05-01T12:00:10Z", "eventId": "e-2", "eventTime": "2024-05-01T12:00:02Z",
				   "watermark": "2024-05-01T12:00:32Z", "recordedAt": "2024-05-01T12:01:02Z",
				   "reason": "late: the watermark (2024-05-01T12:00:32Z) had passed the end of its window (2024-05-01T12:00:10Z) plus the allowed lateness, so the window was closed",
				   "values": {"ad_id": "a-2", "latency_ms": 200}}],
				 "droppedResults": [
				  {"pipeline": "campaign-views", "key": "c-old", "windowStart": "2024-04-30T08:00:00Z",
				   "windowEnd": "2024-04-30T08:00:10Z", "revision": 2, "version": 1,
				   "counts": {"events": 4, "late": 0, "duplicates": 0}, "reason": "expired-retention",
				   "detail": "not stored: the window ended (2024-04-30T08:00:10Z) before the pipeline's retention cutoff (2024-05-01T11:01:00Z, the wall clock minus its retention), as happens to a backfill of data older than the retention; its events are in no stored result",
				   "cutoff": "2024-05-01T11:01:00Z", "droppedAt": "2024-05-01T12:01:00Z"}]}
				""", r.body(), JSONCompareMode.STRICT);
	}

	@Test
	void listsDeadLettersNewestFirst() throws Exception {
		Response r = get("/api/v1/streams/ad-events/dead-letters");
		assertThat(r.status()).isEqualTo(200);
		assertThat((List<String>) JsonPath.read(r.body(), "$.items[*].eventId")).containsExactly("d-2", "d-1");
		assertThat((String) JsonPath.read(r.body(), "$.items[1].reason"))
			.isEqualTo("lookup campaigns has no entry for 'a-1'");
		Response clicks = get("/api/v1/streams/clicks/dead-letters");
		assertThat(clicks.status()).isEqualTo(200);
		JSONAssert.assertEquals("{\"items\": []}", clicks.body(), JSONCompareMode.STRICT);
	}

	@Test
	void isReadyWithRedisAndExposesMetrics() throws Exception {
		Response readiness = get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat((String) JsonPath.read(readiness.body(), "$.status")).isEqualTo("UP");
		Response prometheus = get("/actuator/prometheus");
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.body()).contains("http_server_requests_seconds");
	}

	// --- helpers --------------------------------------------------------------------------------------

	/** Follows the next links from the first page; the window starts of each page. */
	private List<List<String>> followPages(String first) throws Exception {
		List<List<String>> pages = new ArrayList<>();
		String url = "http://localhost:" + this.port + first;
		while (url != null) {
			Response r = get(url);
			assertThat(r.status()).as(url).isEqualTo(200);
			pages.add(JsonPath.read(r.body(), "$.items[*].windowStart"));
			url = JsonPath.read(r.body(), "$.next");
			assertThat(pages).as("runaway paging").hasSizeLessThan(20);
		}
		return pages;
	}

	private Response get(String pathOrUrl) throws IOException, InterruptedException {
		HttpResponse<String> response = getWithKey(pathOrUrl);
		return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
				response.body());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** A stored result as storage would write it (WireFormat JSON of a WindowResult). */
	private static String resultJson(String key, long start, long revision, long views, long late) {
		return """
				{"pipeline":"campaign-views","key":"%s","windowStart":"%s","windowEnd":"%s","final":true,
				 "revision":%d,"metrics":{"views":%d,"avg_latency":12.5,"max_latency":null},
				 "counts":{"events":%d,"late":%d,"duplicates":2}}
				""".formatted(key, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 10_000), revision, views,
				views, late);
	}

	/**
	 * What the API must serve for a result stored by {@link #resultJson}, with the late count it must
	 * show: stored without a version, it is served as version 1.
	 */
	private static String expected(String key, long start, long revision, long views, long late) {
		return resultJson(key, start, revision, views, late).replace("\"revision\":" + revision + ",",
				"\"revision\":" + revision + ",\"version\":1,");
	}

	private record Response(int status, @Nullable String contentType, String body) {
	}

}
