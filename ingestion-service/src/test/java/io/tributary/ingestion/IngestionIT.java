package io.tributary.ingestion;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.ingestion.publish.EventPublisher;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service against the real RabbitMQ and Redis: what a publisher sends arrives on
 * {@code <ns>.events} exactly as sent, bad requests publish nothing, broker input is forwarded or
 * dead-lettered, and lookup tables land in Redis.
 */
class IngestionIT extends IngestionTestBed {

	private static final Logger log = LoggerFactory.getLogger(IngestionIT.class);

	private static final String NS = TestInfrastructure.newNamespace("ingest-it");

	/** A queue of the test's own, bound to the events exchange like processing's. */
	private static final String TAP = IngestionTestBed.tap(NS);

	private static final String DLQ = NS + ".ingest.ingestion.dlq";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
		registry.add("tributary.ingestion.max-request-size", () -> "64KB");
		registry.add("tributary.ingestion.max-events-per-request", () -> "100");
	}

	IngestionIT() {
		super(NS);
	}

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private EventPublisher publisher;

	@BeforeEach
	void emptyQueues() {
		this.admin.purgeQueue(TAP, false);
		this.admin.purgeQueue(DLQ, false);
	}

	// --- HTTP ingestion -------------------------------------------------------------------------------

	@Test
	void acceptedEventsArriveOnTheEventsExchangeExactlyAsSent() {
		Instant before = Instant.now().minusMillis(1);
		HttpResponse<String> response = this.http.post("/api/v1/streams/orders/events", "application/json", """
				[{"order_id": "o-1", "amount": 10.5, "currency": "EUR", "occurred_at": "2024-05-01T14:00:00+02:00"},
				 {"order_id": 2, "amount": 3, "occurred_at": 1700000000000, "items": [{"sku": "x", "qty": 2}]},
				 {"order_id": "o-3", "amount": 0, "note": null}]""");
		Instant after = Instant.now().plusMillis(1);

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode body = WireFormat.mapper().readTree(response.body());
		assertThat(body.get("accepted").asInt()).isEqualTo(3);
		assertThat(body.get("ids").values()).extracting(JsonNode::asString).containsExactly("o-1", "2", "o-3");

		Message message = this.rabbit.receive(TAP, 5000);
		assertThat(message).isNotNull();
		assertThat(message.getMessageProperties().getReceivedRoutingKey()).isEqualTo("orders");
		// the internal hop's encoding (binary unless the process says otherwise), and the content type that says so
		assertThat(WireFormat.Encoding.of(message.getBody())).isEqualTo(WireFormat.messageEncoding());
		assertThat(message.getMessageProperties().getContentType())
			.isEqualTo(WireFormat.messageEncoding().contentType());
		assertThat(message.getMessageProperties().<String>getHeader(Headers.STREAM)).isEqualTo("orders");
		// the key's name travels with the batch, never the key
		assertThat(message.getMessageProperties().<String>getHeader(Headers.API_KEY_NAME)).isEqualTo(Http.KEY.name());
		assertThat(message.getMessageProperties().getHeaders().values()).extracting(String::valueOf)
			.noneSatisfy((value) -> assertThat(value).contains(Http.KEY.key()));
		EventBatch batch = WireFormat.read(message.getBody(), EventBatch.class);
		assertThat(batch.events()).extracting(Event::id).containsExactly("o-1", "2", "o-3");
		assertThat(batch.events()).extracting(Event::stream).containsOnly("orders");
		Instant ingestTime = batch.events().get(0).ingestTime();
		assertThat(ingestTime).isBetween(before, after);
		assertThat(batch.events()).extracting(Event::ingestTime).containsOnly(ingestTime);
		assertThat(batch.events()).extracting(Event::eventTime)
			.containsExactly(Instant.ofEpochMilli(1714564800000L), Instant.ofEpochMilli(1700000000000L), ingestTime);
		assertSameJson(batch.events().get(0).data(),
				"{\"order_id\": \"o-1\", \"amount\": 10.5, \"currency\": \"EUR\", \"occurred_at\": \"2024-05-01T14:00:00+02:00\"}");
		assertSameJson(batch.events().get(1).data(),
				"{\"order_id\": 2, \"amount\": 3, \"occurred_at\": 1700000000000, \"items\": [{\"sku\": \"x\", \"qty\": 2}]}");
		assertSameJson(batch.events().get(2).data(), "{\"order_id\": \"o-3\", \"amount\": 0, \"note\": null}");
		assertThat(batch.events().stream().map(Event::ingestId).distinct()).hasSize(3)
			.allSatisfy((id) -> assertThat(UUID.fromString(id)).isNotNull());
		assertThat(this.rabbit.receive(TAP, 200)).as("one request, one message").isNull();
	}

	@Test
	void describesTheApiWithOpenApiAndServesSwaggerUi() {
		HttpResponse<String> docs = this.http.get("/v3/api-docs");
		assertThat(docs.statusCode()).isEqualTo(200);
		Map<String, Object> paths = com.jayway.jsonpath.JsonPath.read(docs.body(), "$.paths");
		assertThat(paths).containsOnlyKeys("/api/v1/streams/{stream}/events", "/api/v1/lookups/{table}",
				"/api/v1/lookups/{table}/{key}", "/api/v1/admin/dead-letters", "/api/v1/admin/dead-letters/streams/{stream}",
				"/api/v1/admin/dead-letters/streams/{stream}/redrive", "/api/v1/admin/dead-letters/queues/{queue}",
				"/api/v1/admin/dead-letters/queues/{queue}/redrive",
				"/api/v1/pipelines/{pipeline}/alerts/deliveries/failed/{id}/resend",
				"/api/v1/pipelines/{pipeline}/alerts/deliveries/failed/resend");
		assertThat((String) com.jayway.jsonpath.JsonPath.read(docs.body(), "$.info.title"))
			.isEqualTo("Tributary ingestion API");
		HttpResponse<String> ui = this.http.get("/swagger-ui/index.html");
		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
	}

	@Test
	void acceptsNdjsonAndGeneratesTimeOrderedIds() {
		HttpResponse<String> response = this.http.post("/api/v1/streams/clicks/events", "application/x-ndjson",
				"{\"page\": \"/a\"}\n{\"page\": \"/b\"}\n\n{\"page\": \"/c\"}\n");

		assertThat(response.statusCode()).isEqualTo(202);
		List<String> ids = new ArrayList<>();
		WireFormat.mapper().readTree(response.body()).get("ids").values().forEach((n) -> ids.add(n.asString()));
		assertThat(ids).hasSize(3).allSatisfy((id) -> assertThat(UUID.fromString(id).version()).isEqualTo(7));

		EventBatch batch = WireFormat.read(this.rabbit.receive(TAP, 5000).getBody(), EventBatch.class);
		assertThat(batch.events()).extracting(Event::id).isEqualTo(ids);
		assertThat(batch.events()).extracting((e) -> e.data().get("page")).containsExactly("/a", "/b", "/c");
		assertThat(batch.events()).allSatisfy((e) -> assertThat(e.eventTime()).isEqualTo(e.ingestTime()));
	}

	@Test
	void rejectsABatchWithOneBadEventAndPublishesNothingOfIt() {
		HttpResponse<String> response = this.http.post("/api/v1/streams/orders/events", "application/json",
				"[{\"order_id\": \"bad-1\", \"amount\": 1}, {\"order_id\": \"bad-2\", \"amount\": -5}]");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = WireFormat.mapper().readTree(response.body());
		assertThat(problem.get("errors").get(0).get("index").asInt()).isEqualTo(1);
		assertThat(problem.get("errors").get(0).get("message").asString()).contains("/amount");

		// Anything the bad request had published would be queued before this marker.
		assertThat(this.http.post("/api/v1/streams/clicks/events", "application/json", "{\"marker\": true}")
			.statusCode()).isEqualTo(202);
		EventBatch first = WireFormat.read(this.rabbit.receive(TAP, 5000).getBody(), EventBatch.class);
		assertThat(first.events()).singleElement().satisfies((e) -> assertThat(e.stream()).isEqualTo("clicks"));
	}

	@Test
	void answers404ForAnUnknownStream() {
		HttpResponse<String> response = this.http.post("/api/v1/streams/nope/events", "application/json", "{}");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(WireFormat.mapper().readTree(response.body()).get("detail").asString())
			.isEqualTo("stream 'nope' is not declared in the pipeline file; declared streams: "
					+ "[orders, readings, clicks, refused]");
	}

	@Test
	void answers413ForAnOversizedBodyOrTooManyEvents() {
		String big = "{\"blob\": \"" + "x".repeat(70 * 1024) + "\"}";
		HttpResponse<String> tooLarge = this.http.post("/api/v1/streams/clicks/events", "application/json", big);
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(WireFormat.mapper().readTree(tooLarge.body()).get("detail").asString())
			.contains("larger than 65536 bytes");

		String many = "[" + String.join(",", Collections.nCopies(101, "{}")) + "]";
		HttpResponse<String> tooMany = this.http.post("/api/v1/streams/clicks/events", "application/json", many);
		assertThat(tooMany.statusCode()).isEqualTo(413);

		assertThat(this.rabbit.receive(TAP, 300)).isNull();
	}

	@Test
	void publishesOneConfirmedMessageInAFewMilliseconds() {
		EventBatch batch = new EventBatch(List.of(new Event("e", "i", "clicks", Instant.now(), Instant.now(),
				Map.of("x", 1))));
		for (int i = 0; i < 50; i++) {
			this.publisher.publish("clicks", batch);
		}
		int rounds = 300;
		long[] nanos = new long[rounds];
		for (int i = 0; i < rounds; i++) {
			long start = System.nanoTime();
			this.publisher.publish("clicks", batch);
			nanos[i] = System.nanoTime() - start;
		}
		java.util.Arrays.sort(nanos);
		long[] http = new long[100];
		for (int i = 0; i < http.length; i++) {
			long start = System.nanoTime();
			assertThat(this.http.post("/api/v1/streams/clicks/events", "application/json", "{\"x\": 1}").statusCode())
				.isEqualTo(202);
			http[i] = System.nanoTime() - start;
		}
		java.util.Arrays.sort(http);
		log.info("publish+confirm of one batch: p50 {} us, p99 {} us; HTTP POST of one event: p50 {} us, p99 {} us",
				nanos[rounds / 2] / 1000, nanos[rounds * 99 / 100] / 1000, http[50] / 1000, http[99] / 1000);
		assertThat(Duration.ofNanos(nanos[rounds / 2])).isLessThan(Duration.ofMillis(100));
	}

	// --- broker ingestion -----------------------------------------------------------------------------

	private void publishToIngest(String stream, String messageId, String body) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		if (messageId != null) {
			properties.setMessageId(messageId);
		}
		this.rabbit.send(NS + ".ingest", stream, new Message(body.getBytes(StandardCharsets.UTF_8), properties));
	}

	@Test
	void forwardsAValidBrokerMessageWithTheSameIdsOnEveryDelivery() {
		String body = "[{\"order_id\": \"b-1\", \"amount\": 1, \"occurred_at\": 1700000000000}, {\"order_id\": \"b-2\", \"amount\": 2}]";
		publishToIngest("orders", "msg-1", body);
		Message forwarded = this.rabbit.receive(TAP, 10_000);
		// a broker publisher has no API key to name
		assertThat(forwarded.getMessageProperties().<String>getHeader(Headers.API_KEY_NAME)).isNull();
		EventBatch first = WireFormat.read(forwarded.getBody(), EventBatch.class);
		// The same message again, as a redelivery would bring it.
		publishToIngest("orders", "msg-1", body);
		EventBatch again = WireFormat.read(this.rabbit.receive(TAP, 10_000).getBody(), EventBatch.class);

		assertThat(first.events()).extracting(Event::id).containsExactly("b-1", "b-2");
		assertThat(first.events().get(0).eventTime()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
		assertThat(again.events()).extracting(Event::ingestId)
			.isEqualTo(first.events().stream().map(Event::ingestId).toList());
		assertThat(first.events().get(0).ingestId()).isNotEqualTo(first.events().get(1).ingestId());
	}

	@Test
	void deadLettersInvalidBrokerMessagesWithTheReason() {
		publishToIngest("nope", "bad-1", "{}");
		publishToIngest("orders", "bad-2", "{\"order_id\": ");
		publishToIngest("orders", "bad-3", "[{\"order_id\": \"ok\", \"amount\": 1}, {\"amount\": 2}]");

		Map<String, Message> dead = new java.util.HashMap<>();
		for (int i = 0; i < 3; i++) {
			Message m = this.rabbit.receive(DLQ, 10_000);
			assertThat(m).as("dead letter %d", i).isNotNull();
			dead.put(m.getMessageProperties().getMessageId(), m);
		}
		assertThat(reason(dead.get("bad-1"))).startsWith("stream 'nope' is not declared in the pipeline file");
		assertThat(reason(dead.get("bad-2"))).startsWith("malformed JSON at line 1");
		assertThat(reason(dead.get("bad-3"))).startsWith("1 of 2 event(s) are invalid; nothing was accepted; [1] ")
			.contains("order_id");
		assertThat(new String(dead.get("bad-3").getBody(), StandardCharsets.UTF_8))
			.isEqualTo("[{\"order_id\": \"ok\", \"amount\": 1}, {\"amount\": 2}]");
		assertThat(dead.get("bad-1").getMessageProperties().getReceivedRoutingKey()).isEqualTo(NS + ".ingest.ingestion");
		// A message is either forwarded or dead-lettered; all three are dead letters, so none may be here.
		assertThat(this.admin.getQueueInfo(TAP).getMessageCount()).as("nothing forwarded").isZero();
	}

	private static String reason(Message m) {
		assertThat(m).isNotNull();
		return m.getMessageProperties().getHeader(Headers.REJECT_REASON);
	}

	// --- lookups --------------------------------------------------------------------------------------

	@Test
	void upsertsALookupTableAndBumpsItsVersion() {
		RedisKeys keys = new RedisKeys(NS);
		HttpResponse<String> first = this.http.put("/api/v1/lookups/campaigns", "application/json",
				"{\"ad-1\": \"c-1\", \"ad-2\": {\"id\": \"c-2\", \"weight\": 3}, \"ad-3\": 7}");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(WireFormat.mapper().readTree(first.body()).get("upserted").asInt()).isEqualTo(3);
		assertThat(this.redis.<String, String>opsForHash().entries(keys.lookup("campaigns")))
			.isEqualTo(Map.of("ad-1", "\"c-1\"", "ad-2", "{\"id\":\"c-2\",\"weight\":3}", "ad-3", "7"));
		assertThat(this.redis.opsForValue().get(keys.lookupVersion("campaigns"))).isEqualTo("1");

		HttpResponse<String> second = this.http.put("/api/v1/lookups/campaigns", "application/json",
				"{\"ad-1\": \"c-9\"}");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(this.redis.opsForHash().get(keys.lookup("campaigns"), "ad-1")).isEqualTo("\"c-9\"");
		assertThat(this.redis.opsForHash().size(keys.lookup("campaigns"))).isEqualTo(3);
		assertThat(this.redis.opsForValue().get(keys.lookupVersion("campaigns"))).isEqualTo("2");

		HttpResponse<String> read = this.http.get("/api/v1/lookups/campaigns/ad-2");
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(WireFormat.mapper().readTree(read.body()).get("weight").asInt()).isEqualTo(3);
		assertThat(this.http.get("/api/v1/lookups/campaigns/ad-404").statusCode()).isEqualTo(404);
	}

	@Test
	void refusesBadLookupWritesAndChangesNothing() {
		RedisKeys keys = new RedisKeys(NS);
		HttpResponse<String> unknown = this.http.put("/api/v1/lookups/nope", "application/json", "{\"a\": 1}");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(WireFormat.mapper().readTree(unknown.body()).get("detail").asString())
			.isEqualTo("lookup table 'nope' is not declared in the pipeline file; declared lookups: [campaigns, prices]");

		for (String body : List.of("[{\"a\": 1}]", "\"a\"", "{\"a\": ", "{\"a\": 1, \"a\": 2}")) {
			HttpResponse<String> bad = this.http.put("/api/v1/lookups/prices", "application/json", body);
			assertThat(bad.statusCode()).as(body).isEqualTo(400);
			assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(this.redis.hasKey(keys.lookup("prices"))).isFalse();
		assertThat(this.redis.hasKey(keys.lookupVersion("prices"))).isFalse();
		assertThat(this.redis.hasKey(keys.lookup("nope"))).isFalse();
	}

	// --- operations -----------------------------------------------------------------------------------

	@Test
	void reportsReadinessWithTheBrokerAndRedis() {
		HttpResponse<String> readiness = this.http.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		JsonNode health = WireFormat.mapper().readTree(this.http.get("/actuator/health").body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(this.http.post("/api/v1/streams/readings/events", "application/json",
				"[{\"meta\": {\"id\": \"m-1\"}}, {\"meta\": {\"id\": \"m-2\"}}]").statusCode()).isEqualTo(202);
		HttpResponse<String> prometheus = this.http.get("/actuator/prometheus");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("tributary_ingestion_publish_seconds_count{")
			.containsPattern("tributary_ingestion_events_total\\{[^}]*stream=\"readings\"[^}]*\\} 2\\.0");
		assertThat(this.admin.getQueueProperties(NS + ".events.processing")).as("processing queue declared").isNotNull();
	}

	/** Equal as JSON values: numbers compare by value, whatever Java type the wire format chose. */
	private static void assertSameJson(Object actual, String expected) {
		JsonNode a = WireFormat.mapper().valueToTree(actual);
		JsonNode e = WireFormat.mapper().readTree(expected);
		java.util.Comparator<JsonNode> byValue = (x, y) -> {
			if (x.isNumber() && y.isNumber()) {
				return x.decimalValue().compareTo(y.decimalValue());
			}
			return x.equals(y) ? 0 : 1;
		};
		assertThat(a.equals(byValue, e)).as("%s is the JSON %s", a, e).isTrue();
	}

}
