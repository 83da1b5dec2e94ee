package io.tributary.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.testsupport.TestInfrastructure;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live stream over HTTP against the real Redis. The test appends to the pipeline's feed with
 * plain XADD, as the layout in contract RedisKeys says storage does, and reads the Server-Sent Events
 * the way a browser's EventSource does, including a reconnect with Last-Event-ID.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveStreamIT {

	private static final String NS = TestInfrastructure.newNamespace("live-it");

	private static final String FEED = NS + ":feed:{campaign-views}";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StoredResults.properties(registry, NS);
		registry.add("tributary.live.poll-interval", () -> "50ms");
	}

	@BeforeAll
	static void connect() {
		client = RedisClient.create(TestInfrastructure.redis().uri());
		connection = client.connect();
	}

	@AfterAll
	static void cleanUp() {
		connection.close();
		client.shutdown();
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	private static String append(String key, int revision) {
		String json = """
				{"pipeline":"campaign-views","key":"%s","windowStart":"2024-05-01T12:00:00Z",\
				"windowEnd":"2024-05-01T12:00:10Z","final":false,"revision":%d,"metrics":{"views":%d},\
				"counts":{"events":%d,"late":0,"duplicates":0}}""".formatted(key, revision, revision, revision);
		return redis().xadd(FEED, Map.of("data", json));
	}

	/** An alert revision as storage appends it to the feed: type alert. */
	private static String appendAlert(String key, int revision) {
		String json = """
				{"id":"slow|%s|1714564800000","pipeline":"campaign-views","rule":"slow","key":"%s","status":"open",				"severity":"critical","kind":"threshold","condition":"avg_latency > 1500",				"windowStart":"2024-05-01T12:00:00Z","windowEnd":"2024-05-01T12:00:10Z","breaches":1,				"metrics":{"views":1},"openedAt":"2024-05-01T12:00:11Z","updatedAt":"2024-05-01T12:00:11Z",				"revision":%d}""".formatted(key, key, revision);
		return redis().xadd(FEED, Map.of("type", "alert", "data", json));
	}

	private static RedisCommands<String, String> redis() {
		return connection.sync();
	}

	@Test
	void streamsTheFeedAndResumesAfterTheLastEventId() throws Exception {
		redis().del(FEED);
		String first = append("c-1", 1);
		String second = append("c-2", 1);
		String third;
		try (SseClient sse = SseClient.open(uri("?since=0"), null)) {
			assertThat(sse.next()).isEqualTo(new Event(first, "result", "c-1", 1));
			assertThat(sse.next()).isEqualTo(new Event(second, "result", "c-2", 1));
			// written while the client is connected: arrives live
			third = append("c-1", 2);
			assertThat(sse.next()).isEqualTo(new Event(third, "result", "c-1", 2));
		}
		String fourth = append("c-2", 2);
		// a browser reconnects with the id it saw last: the stream goes on from there, nothing twice
		try (SseClient sse = SseClient.open(uri(""), second)) {
			assertThat(sse.next()).isEqualTo(new Event(third, "result", "c-1", 2));
			assertThat(sse.next()).isEqualTo(new Event(fourth, "result", "c-2", 2));
		}
	}

	@Test
	void withoutAPositionOnlyNewResultsComeAndAKeyFiltersThem() throws Exception {
		append("old", 1);
		try (SseClient sse = SseClient.open(uri("?key=c-9"), null)) {
			append("c-8", 1);
			String wanted = append("c-9", 3);
			assertThat(sse.next()).isEqualTo(new Event(wanted, "result", "c-9", 3));
		}
	}

	@Test
	void alertsComeAsAlertEventsInOrderWithTheResultsAndTheKeyFiltersThemToo() throws Exception {
		try (SseClient sse = SseClient.open(uri("?key=c-7"), null)) {
			appendAlert("c-6", 1);
			String result = append("c-7", 1);
			String alert = appendAlert("c-7", 2);
			assertThat(sse.next()).isEqualTo(new Event(result, "result", "c-7", 1));
			assertThat(sse.next()).isEqualTo(new Event(alert, "alert", "c-7", 2));
		}
	}

	@Test
	void resultsAndAlertsNameTheirPipelineVersionThoseWrittenWithoutOneAsVersionOne() throws Exception {
		try (SseClient sse = SseClient.open(uri("?key=c-5"), null)) {
			String legacy = append("c-5", 4);
			// version 2's first revision: 2^32 + 1
			String result = redis().xadd(FEED, Map.of("data", """
					{"pipeline":"campaign-views","key":"c-5","windowStart":"2024-05-01T12:00:00Z",\
					"windowEnd":"2024-05-01T12:00:20Z","final":false,"revision":4294967297,"version":2,\
					"metrics":{"views":1},"counts":{"events":1,"late":0,"duplicates":0}}"""));
			String alert = redis().xadd(FEED, Map.of("type", "alert", "data", """
					{"id":"slow|c-5|1714564800000","pipeline":"campaign-views","rule":"slow","key":"c-5",\
					"status":"open","severity":"critical","kind":"threshold","condition":"avg_latency > 1500",\
					"windowStart":"2024-05-01T12:00:00Z","windowEnd":"2024-05-01T12:00:20Z","breaches":1,\
					"metrics":{"views":1},"openedAt":"2024-05-01T12:00:21Z","updatedAt":"2024-05-01T12:00:21Z",\
					"revision":4294967297,"version":2}"""));
			String legacyAlert = appendAlert("c-5", 3);
			assertThat(sse.next()).isEqualTo(new Event(legacy, "result", "c-5", 4, 1));
			assertThat(sse.next()).isEqualTo(new Event(result, "result", "c-5", 4_294_967_297L, 2));
			assertThat(sse.next()).isEqualTo(new Event(alert, "alert", "c-5", 4_294_967_297L, 2));
			assertThat(sse.next()).isEqualTo(new Event(legacyAlert, "alert", "c-5", 3, 1));
		}
	}

	@Test
	void badPositionsAndUnknownPipelinesAreProblems() throws Exception {
		assertThat(status("/api/v1/pipelines/campaign-views/stream?since=yesterday")).isEqualTo(400);
		assertThat(status("/api/v1/pipelines/nope/stream")).isEqualTo(404);
	}

	private int status(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", StoredResults.KEY.bearer())
			.build(),
				HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private URI uri(String query) {
		return URI.create("http://localhost:" + this.port + "/api/v1/pipelines/campaign-views/stream" + query);
	}

	/**
	 * One Server-Sent Event: its id, its name, and the key, revision and pipeline version of the result
	 * or alert it carries (-1 when it has no version).
	 */
	record Event(String id, String name, String key, long revision, long version) {

		/** An event of version 1: what the entries {@link #append} and {@link #appendAlert} write (no version) read as. */
		Event(String id, String name, String key, long revision) {
			this(id, name, key, revision, 1);
		}

	}

	/** Reads Server-Sent Events as EventSource does: fields until a blank line, comments skipped. */
	static final class SseClient implements AutoCloseable {

		private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

		private final Stream<String> lines;

		private SseClient(Stream<String> lines) {
			this.lines = lines;
			Thread.ofVirtual().start(this::read);
		}

		static SseClient open(URI uri, @Nullable String lastEventId) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.header("Accept", "text/event-stream")
				.header("Authorization", StoredResults.KEY.bearer());
			if (lastEventId != null) {
				request.header("Last-Event-ID", lastEventId);
			}
			HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
			return new SseClient(response.body());
		}

		private void read() {
			List<String> fields = new ArrayList<>();
			try {
				this.lines.forEach((line) -> {
					if (!line.isEmpty()) {
						fields.add(line);
						return;
					}
					String id = null;
					String name = null;
					StringBuilder data = new StringBuilder();
					for (String f : fields) {
						if (f.startsWith("id:")) {
							id = f.substring(3).trim();
						}
						else if (f.startsWith("event:")) {
							name = f.substring(6).trim();
						}
						else if (f.startsWith("data:")) {
							data.append(f.substring(5).trim());
						}
					}
					fields.clear();
					if (id != null) {
						String json = data.toString();
						Map<String, Object> payload = com.jayway.jsonpath.JsonPath.read(json, "$");
						Object version = payload.get("version");
						this.events.add(new Event(id, name, com.jayway.jsonpath.JsonPath.read(json, "$.key"),
								((Number) com.jayway.jsonpath.JsonPath.read(json, "$.revision")).longValue(),
								(version instanceof Number n) ? n.longValue() : -1));
					}
				});
			}
			catch (RuntimeException ex) {
				// closed
			}
		}

		Event next() throws InterruptedException {
			Event e = this.events.poll(10, TimeUnit.SECONDS);
			assertThat(e).as("an event within 10 s").isNotNull();
			return e;
		}

		@Override
		public void close() {
			this.lines.close();
		}

	}

}
