package io.tributary.systemtests.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.tributary.contract.Destinations;
import io.tributary.contract.Headers;
import io.tributary.contract.WireFormat;
import io.tributary.systemtests.client.HttpResult;
import io.tributary.systemtests.client.IngestClient;
import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input against the running services: each request gets a clear 4xx as RFC 9457 problem details
 * (bad events named by index, no stack trace), and nothing of it is ever published. Every rejected
 * request carries a campaign of its own ("poison-<case>"); after it, a good request with a sentinel
 * campaign of the same case goes through the whole pipeline, and once the sentinel's result is
 * served, the poison campaign must have no result at all. The services stay ready throughout.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class BadInputIT {

	private static final String PIPELINE = "campaign-views";

	private static final String STREAM = "ad-events";

	private static final List<String> CASES = List.of("malformed", "time", "not-object", "no-id", "ndjson",
			"unknown-stream",
			"too-large", "too-many", "media-type", "lookup", "amqp-malformed", "amqp-bad-event");

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		system = RunningSystem.start(BadInputIT.class, PipelineYaml.ysb(Map.of(PIPELINE, STREAM)));
		Map<String, Object> table = new LinkedHashMap<>();
		for (String c : CASES) {
			table.put(poisonAd(c), "poison-" + c);
			table.put(sentinelAd(c), "sentinel-" + c);
		}
		table.put("probe-ad-bad-input", "probe-bad-input");
		system.loadLookup(table);
		system.awaitLookupLoaded("probe-ad-bad-input", "probe-bad-input");
	}

	@AfterAll
	static void stopServices() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void malformedJsonIsA400AndNothingIsPublished() {
		String body = WireFormat.writeString(List.of(poison("malformed", 0))).replaceFirst("}]$", ",");
		HttpResult result = system.ingest.postRaw(STREAM, "application/json", bytes(body));

		assertProblem(result, 400);
		assertNothingPublished("malformed");
	}

	@Test
	void anEventTimeThatIsNotATimeIsNamedByItsIndex() {
		List<Map<String, Object>> batch = poisonBatch("time", 5);
		batch.get(3).put("event_time", "yesterday");

		HttpResult result = system.ingest.postJson(STREAM, batch);

		assertBadEvents(result, 3);
		assertNothingPublished("time");
	}

	@Test
	void anEventThatIsNotAnObjectIsNamedByItsIndex() {
		List<Object> batch = new ArrayList<>(poisonBatch("not-object", 3));
		batch.add(1, 42);

		HttpResult result = system.ingest.postJson(STREAM, batch);

		assertBadEvents(result, 1);
		assertNothingPublished("not-object");
	}

	@Test
	void anEventWithoutItsIdFieldIsNamedByItsIndex() {
		List<Map<String, Object>> batch = poisonBatch("no-id", 4);
		batch.get(2).remove("event_id");

		HttpResult result = system.ingest.postJson(STREAM, batch);

		assertBadEvents(result, 2);
		assertNothingPublished("no-id");
	}

	@Test
	void aBadNdjsonLineIsNamedByItsIndex() {
		List<Map<String, Object>> batch = poisonBatch("ndjson", 3);
		String body = WireFormat.writeString(batch.get(0)) + "\n{\"event_id\": \"x\", \n"
				+ WireFormat.writeString(batch.get(2)) + "\n";

		HttpResult result = system.ingest.postRaw(STREAM, IngestClient.NDJSON, bytes(body));

		assertBadEvents(result, 1);
		assertNothingPublished("ndjson");
	}

	@Test
	void anUnknownStreamIsA404() {
		HttpResult result = system.ingest.postJson("no-such-stream", poisonBatch("unknown-stream", 2));

		assertProblem(result, 404);
		assertNothingPublished("unknown-stream");
	}

	@Test
	void aBodyOverTheSizeLimitIsA413() {
		// the default limit is 8 MB: 90 events of 100 kB each
		List<Map<String, Object>> batch = poisonBatch("too-large", 90);
		String padding = "x".repeat(100_000);
		batch.forEach((e) -> e.put("padding", padding));

		HttpResult result = system.ingest.postJson(STREAM, batch);

		assertProblem(result, 413);
		assertNothingPublished("too-large");
	}

	@Test
	void moreEventsThanARequestMayHoldIsA413() {
		// the default limit is 10000 events per request
		HttpResult result = system.ingest.postJson(STREAM, poisonBatch("too-many", 10_001));

		assertProblem(result, 413);
		assertNothingPublished("too-many");
	}

	@Test
	void anUnsupportedContentTypeIsA415() {
		HttpResult result = system.ingest.postRaw(STREAM, "text/plain",
				bytes(WireFormat.writeString(poisonBatch("media-type", 2))));

		assertProblem(result, 415);
		assertNothingPublished("media-type");
	}

	@Test
	void aBadLookupTableIsRejected() {
		assertProblem(system.ingest.putLookup(PipelineYaml.LOOKUP, List.of("not", "an", "object")), 400);
		assertProblem(system.ingest.putLookup("no-such-table", Map.of("a", "b")), 404);
		// the table is intact: the pipeline still enriches with it
		assertNothingPublished("lookup");
	}

	@Test
	void aMalformedBrokerMessageIsDeadLetteredWithItsReasonAndNeverCounted() throws Exception {
		String messageId = system.namespace + "-amqp-malformed";
		system.broker().publishRaw(STREAM, bytes("[{\"event_id\": \"" + poisonAd("amqp-malformed") + "\", "),
				"application/json", messageId);

		assertNothingPublishedAfter("amqp-malformed", true);
		assertDeadLettered(messageId);
	}

	@Test
	void aBrokerMessageWithABadEventIsRejectedWhole() throws Exception {
		List<Map<String, Object>> batch = poisonBatch("amqp-bad-event", 4);
		batch.get(1).put("event_time", "yesterday");
		String messageId = system.namespace + "-amqp-bad-event";

		system.broker().publish(STREAM, batch, messageId);

		assertNothingPublishedAfter("amqp-bad-event", true);
		assertDeadLettered(messageId);
	}

	private static void assertNothingPublished(String caseName) {
		assertNothingPublishedAfter(caseName, false);
	}

	/**
	 * A good request with the case's sentinel campaign, sent after the bad one the same way, must come
	 * out of the pipeline; then the case's poison campaign must have no result, and ingestion is still
	 * ready.
	 */
	private static void assertNothingPublishedAfter(String caseName, boolean overAmqp) {
		String sentinel = "sentinel-" + caseName;
		List<Map<String, Object>> good = List.of(event(sentinelAd(caseName), 0));
		if (overAmqp) {
			system.broker().publish(STREAM, good, system.namespace + "-sentinel-" + caseName);
		}
		else {
			HttpResult accepted = system.ingest.postJson(STREAM, good);
			assertThat(accepted.status()).as("sentinel request: %s", accepted).isEqualTo(202);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (system.query.latest(PIPELINE, sentinel).isEmpty()) {
			assertThat(System.nanoTime()).as("the sentinel %s never came out of the pipeline", sentinel)
				.isLessThan(deadline);
			RunningSystem.sleep(Duration.ofMillis(500));
		}
		// the poison events, had they been published, were ahead of the sentinel; allow one emit interval
		RunningSystem.sleep(Duration.ofMillis(1500));
		assertThat(system.query.results(PIPELINE, "poison-" + caseName)).as("results of poison-%s", caseName).isEmpty();
		assertThat(system.query.latest(PIPELINE, "poison-" + caseName)).isEmpty();
		assertThat(system.query.keys(PIPELINE, 1000)).as("keys of %s", PIPELINE)
			.noneMatch((k) -> k.startsWith("poison-"));
		HttpResult ready = system.ingest.get("/actuator/health/readiness");
		assertThat(ready.status()).isEqualTo(200);
		assertThat(system.cluster.isAlive(Service.INGESTION)).isTrue();
	}

	/** The message is in the ingest dead-letter queue, with the reason in its header. */
	private static void assertDeadLettered(String messageId) throws Exception {
		String dlq = Destinations.name(system.namespace, Destinations.INGEST) + ".ingestion.dlq";
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(system.rabbit.host());
		factory.setPort(system.rabbit.port());
		factory.setUsername(system.rabbit.username());
		factory.setPassword(system.rabbit.password());
		factory.setVirtualHost(system.rabbit.virtualHost());
		try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
			// other messages are held unacked while looking, and go back to the queue when the channel closes
			long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (System.nanoTime() < deadline) {
				GetResponse message = channel.basicGet(dlq, false);
				if (message == null) {
					RunningSystem.sleep(Duration.ofMillis(200));
					continue;
				}
				if (messageId.equals(message.getProps().getMessageId())) {
					Object reason = (message.getProps().getHeaders() != null)
							? message.getProps().getHeaders().get(Headers.REJECT_REASON) : null;
					assertThat(reason).as("header %s of the dead-lettered message", Headers.REJECT_REASON).isNotNull();
					assertThat(reason.toString()).isNotBlank();
					channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
					return;
				}
			}
		}
		throw new AssertionError("message " + messageId + " never reached the dead-letter queue " + dlq);
	}

	private static void assertBadEvents(HttpResult result, int badIndex) {
		JsonNode problem = assertProblem(result, 400);
		JsonNode errors = problem.path("errors");
		assertThat(errors.isArray()).as("an errors array in %s", result).isTrue();
		List<Integer> indexes = new ArrayList<>();
		for (JsonNode error : errors) {
			indexes.add(error.path("index").asInt(-1));
			assertThat(error.path("message").asString("")).as("message of error %s", error).isNotBlank();
		}
		assertThat(indexes).as("indexes named in %s", result).containsExactly(badIndex);
	}

	private static JsonNode assertProblem(HttpResult result, int status) {
		assertThat(result.status()).as("%s", result).isEqualTo(status);
		assertThat(result.contentType()).as("content type of %s", result).startsWith("application/problem+json");
		JsonNode problem = result.json();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString("") + problem.path("detail").asString("")).isNotBlank();
		assertThat(problem.has("trace")).as("no stack trace field in %s", result).isFalse();
		assertThat(result.body()).as("no stack trace in %s", result).doesNotContain("\tat ", "at io.tributary.",
				"at java.", "at org.springframework.");
		return problem;
	}

	private static List<Map<String, Object>> poisonBatch(String caseName, int size) {
		List<Map<String, Object>> batch = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			batch.add(poison(caseName, i));
		}
		return batch;
	}

	private static Map<String, Object> poison(String caseName, int i) {
		return event(poisonAd(caseName), i);
	}

	private static Map<String, Object> event(String adId, int i) {
		Map<String, Object> e = new LinkedHashMap<>();
		e.put("event_id", adId + "-" + i + "-" + System.nanoTime());
		e.put("user_id", "u-" + i);
		e.put("page_id", "p-" + i);
		e.put("ad_id", adId);
		e.put("ad_type", "banner");
		e.put("event_type", "view");
		e.put("event_time", (i % 2 == 0) ? Instant.now().toString() : (Object) Instant.now().toEpochMilli());
		e.put("ip_address", "192.0.2.7");
		e.put("latency_ms", 10 + i);
		return e;
	}

	private static String poisonAd(String caseName) {
		return "poison-ad-" + caseName;
	}

	private static String sentinelAd(String caseName) {
		return "sentinel-ad-" + caseName;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
