package io.tributary.ingestion;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.ingestion.deadletter.InterruptedRedrives;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter admin API against the real RabbitMQ and Redis: broker dead-letter queues peeked
 * without losing or reordering a message, redriven by id with the others left in place and with the
 * same ids on every redrive; pipeline dead letters redriven to their pipeline only, with an ingestId
 * that is the same when a redrive is repeated after a crash; bad requests as problems.
 */
class DeadLetterAdminIT extends IngestionTestBed {

	private static final String NS = TestInfrastructure.newNamespace("ingest-dlq-it");

	private static final String TAP = IngestionTestBed.tap(NS);

	private static final String INGEST_DLQ = NS + ".ingest.ingestion.dlq";

	private static final String RESULTS = NS + ".results";

	private static final String RESULTS_DLQ = RESULTS + ".storage.dlq";

	private static final String RESULTS_TAP = RESULTS + ".tap";

	private static final String ADMIN = "/api/v1/admin/dead-letters";

	private final RedisKeys keys = new RedisKeys(NS);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
	}

	DeadLetterAdminIT() {
		super(NS);
	}

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private InterruptedRedrives interruptedRedrives;

	@BeforeAll
	void declareQueues() {
		// storage's side, as its binder declares it
		this.admin.declareExchange(new TopicExchange(RESULTS));
		this.admin.declareQueue(new Queue(RESULTS_DLQ, false, false, false));
		this.admin.declareQueue(new Queue(RESULTS_TAP, false, false, false));
		this.admin.declareBinding(new Binding(RESULTS_TAP, Binding.DestinationType.QUEUE, RESULTS, "#", null));
	}

	@BeforeEach
	void emptyQueues() {
		for (String queue : List.of(TAP, INGEST_DLQ, RESULTS_DLQ, RESULTS_TAP)) {
			this.admin.purgeQueue(queue, false);
		}
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	@AfterAll
	void cleanUp() {
		for (String queue : List.of(RESULTS_DLQ, RESULTS_TAP)) {
			this.admin.deleteQueue(queue);
		}
		this.admin.deleteExchange(RESULTS);
	}

	@Test
	void peekingAnIngestDeadLetterQueueShowsReasonsAndTakesNothing() throws Exception {
		// one rejected by ingestion itself, then two more in a known order
		MessageProperties properties = new MessageProperties();
		properties.setMessageId("bad-1");
		properties.setContentType("application/json");
		this.rabbit.send(NS + ".ingest", "orders", new Message("{\"order_id\": 1,".getBytes(), properties));
		awaitDepth(INGEST_DLQ, 1);
		// on one channel, so that they arrive in this order
		this.rabbit.invoke((operations) -> {
			operations.send("", INGEST_DLQ, deadLetterMessage("bad-2", "{\"order_id\": 2,"));
			operations.send("", INGEST_DLQ, deadLetterMessage("bad-3", "{\"order_id\": 3,"));
			return null;
		});
		awaitDepth(INGEST_DLQ, 3);

		JsonNode first = json(this.http.get(ADMIN + "/queues/ingest?limit=2"));
		JsonNode second = json(this.http.get(ADMIN + "/queues/ingest?limit=5"));

		assertThat(first.path("queue").asString()).isEqualTo(INGEST_DLQ);
		assertThat(ids(first)).containsExactly("bad-1", "bad-2");
		assertThat(ids(second)).containsExactly("bad-1", "bad-2", "bad-3");
		assertThat(second.path("messages").asLong()).isEqualTo(3);
		// as ingestion dead-lettered it: the reason, and where it was published
		JsonNode item = second.path("items").get(0);
		assertThat(item.path("reason").asString()).isNotBlank().isNotEqualTo("stream was not declared");
		assertThat(item.path("routingKey").asString()).isEqualTo("orders");
		assertThat(item.path("exchange").asString()).isEqualTo(NS + ".ingest");
		assertThat(item.path("body").asString()).isEqualTo("{\"order_id\": 1,");
		assertThat(item.path("redelivered").asBoolean()).isTrue();
		assertThat(ids(json(this.http.get(ADMIN + "/queues/ingest")))).containsExactly("bad-1", "bad-2", "bad-3");
		assertThat(this.admin.getQueueInfo(INGEST_DLQ).getMessageCount()).isEqualTo(3);
		JsonNode overview = json(this.http.get(ADMIN));
		assertThat(overview.path("queues").get(0).path("messages").asLong()).isEqualTo(3);
	}

	@Test
	void redrivesTheNamedBrokerDeadLetterBackThroughValidationWithTheSameIdsEveryTime() throws Exception {
		// dead letters of messages that are valid now (say the stream was declared since)
		deadLetter("fixed-1", "{\"order_id\": \"o-41\", \"amount\": 5}");
		deadLetter("other-2", "{\"order_id\": \"o-42\", \"amount\": 6}");

		HttpResponse<String> response = this.http.post(ADMIN + "/queues/ingest/redrive", "application/json",
				"{\"ids\": [\"fixed-1\"]}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response).path("redriven").asInt()).isEqualTo(1);
		Event first = received().events().get(0);
		assertThat(first.id()).isEqualTo("o-41");
		assertThat(this.rabbit.receive(TAP, 300)).isNull();
		assertThat(ids(json(this.http.get(ADMIN + "/queues/ingest")))).containsExactly("other-2");

		// a crash after the confirm left it in the queue: the next redrive publishes the same event again
		deadLetter("fixed-1", "{\"order_id\": \"o-41\", \"amount\": 5}");
		this.http.post(ADMIN + "/queues/ingest/redrive", "application/json", "{\"ids\": [\"fixed-1\"]}");
		Event again = received().events().get(0);
		assertThat(again.ingestId()).isEqualTo(first.ingestId());
		assertThat(again.id()).isEqualTo(first.id());
	}

	@Test
	void redrivesResultDeadLettersToTheResultsExchangeUnchanged() throws Exception {
		String body = "{\"results\":[],\"late\":[],\"deadLetters\":[]}";
		MessageProperties properties = new MessageProperties();
		properties.setHeader(Headers.REJECT_REASON, "unreadable");
		properties.setHeader(Headers.ORIGINAL_EXCHANGE, RESULTS);
		properties.setHeader(Headers.ORIGINAL_ROUTING_KEY, RESULTS);
		this.rabbit.send("", RESULTS_DLQ, new Message(body.getBytes(StandardCharsets.UTF_8), properties));

		HttpResponse<String> response = this.http.post(ADMIN + "/queues/results/redrive", "application/json",
				"{\"all\": true}");

		assertThat(json(response).path("redriven").asInt()).isEqualTo(1);
		Message redriven = this.rabbit.receive(RESULTS_TAP, 5000);
		assertThat(redriven).isNotNull();
		assertThat(new String(redriven.getBody(), StandardCharsets.UTF_8)).isEqualTo(body);
		assertThat(redriven.getMessageProperties().getHeaders()).doesNotContainKey(Headers.REJECT_REASON);
		assertThat(this.admin.getQueueInfo(RESULTS_DLQ).getMessageCount()).isZero();
	}

	@Test
	void redrivesPipelineDeadLettersToTheirPipelineAndTheSameDeliveryWhenRepeated() throws Exception {
		Instant t = Instant.parse("2026-01-01T10:00:00Z");
		DeadLetterRecord missingLookup = new DeadLetterRecord("orders", "order-count", "o-1", t, t.plusSeconds(1),
				"enrich: no entry", Map.of("order_id", "o-1", "customer", "c"), "ingest-1", t);
		DeadLetterRecord tooFarAhead = new DeadLetterRecord("orders", null, "o-2", t, t.plusSeconds(2),
				"too far ahead", Map.of("order_id", "o-2"), "ingest-2", t);
		DeadLetterRecord removedPipeline = new DeadLetterRecord("orders", "gone", "o-3", t, t.plusSeconds(3),
				"bad key", Map.of("order_id", "o-3"), "ingest-3", t);
		store(missingLookup, tooFarAhead, removedPipeline);
		JsonNode listed = json(this.http.get(ADMIN + "/streams/orders"));
		assertThat(ids(listed)).containsExactly("gone|o-3", "-|o-2", "order-count|o-1");

		HttpResponse<String> response = this.http.post(ADMIN + "/streams/orders/redrive", "application/json",
				"{\"all\": true}");

		JsonNode report = json(response);
		assertThat(report.path("redriven").asInt()).isEqualTo(2);
		assertThat(report.path("skipped").path("gone|o-3").asString()).contains("does not read stream 'orders'");
		List<Event> events = received().events();
		assertThat(events).extracting(Event::id).containsExactly("o-1", "o-2");
		assertThat(events.get(0).redrive().pipeline()).isEqualTo("order-count");
		assertThat(events.get(1).redrive().pipeline()).isNull();
		assertThat(events.get(0).eventTime()).isEqualTo(t);
		assertThat(events.get(0).data()).isEqualTo(Map.of("order_id", "o-1", "customer", "c"));
		assertThat(events.get(0).ingestId()).isNotEqualTo("ingest-1");
		assertThat(ids(json(this.http.get(ADMIN + "/streams/orders")))).containsExactly("gone|o-3");
		assertThat(this.redis.hasKey(this.keys.redrivingDeadLetters("orders"))).isFalse();

		// a crash before the records were forgotten: the record is still 'redriving', and is sent as before
		this.redis.opsForHash().put(this.keys.redrivingDeadLetters("orders"), "order-count|o-1",
				WireFormat.writeString(missingLookup));
		assertThat(json(this.http.get(ADMIN + "/streams/orders")).path("items").get(0).path("state").asString())
			.isEqualTo("redriving");
		this.http.post(ADMIN + "/streams/orders/redrive", "application/json", "{\"ids\": [\"order-count|o-1\"]}");
		Event again = received().events().get(0);
		assertThat(again.ingestId()).isEqualTo(events.get(0).ingestId());

		// the redriven event failed again: that dead letter has the redrive's ingestId, and its redrive a new one
		store(new DeadLetterRecord("orders", "order-count", "o-1", t, t.plusSeconds(9), "enrich: no entry",
				Map.of("order_id", "o-1", "customer", "c"), again.ingestId(), t));
		this.http.post(ADMIN + "/streams/orders/redrive", "application/json", "{\"all\": true}");
		assertThat(received().events().get(0).ingestId()).isNotEqualTo(again.ingestId());
	}

	@Test
	void aRedriveACrashInterruptedIsFinishedWhenIngestionIsReady() throws Exception {
		Instant t = Instant.parse("2026-01-01T10:00:00Z");
		DeadLetterRecord interrupted = new DeadLetterRecord("orders", "order-count", "o-7", t, t, "enrich: no entry",
				Map.of("order_id", "o-7"), "ingest-7", t);
		this.redis.opsForHash().put(this.keys.redrivingDeadLetters("orders"), interrupted.id(),
				WireFormat.writeString(interrupted));

		// what runs when the service is ready
		assertThat(this.interruptedRedrives.finish()).isEqualTo(1);

		Event event = received().events().get(0);
		assertThat(event.id()).isEqualTo("o-7");
		assertThat(event.redrive().pipeline()).isEqualTo("order-count");
		assertThat(this.redis.hasKey(this.keys.redrivingDeadLetters("orders"))).isFalse();
		assertThat(this.interruptedRedrives.finish()).isZero();
	}

	@Test
	void badRedrivesAreProblemsAndRedriveNothing() throws Exception {
		store(new DeadLetterRecord("orders", "order-count", "o-1", Instant.EPOCH, Instant.now(), "why",
				Map.of("order_id", "o-1")));

		HttpResponse<String> missing = this.http.post(ADMIN + "/streams/orders/redrive", "application/json",
				"{\"ids\": [\"order-count|o-1\", \"order-count|nope\"]}");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json(missing).path("ids").get(0).asString()).isEqualTo("order-count|nope");
		assertThat(this.http.post(ADMIN + "/streams/nope/redrive", "application/json", "{\"all\": true}").statusCode())
			.isEqualTo(404);
		assertThat(this.http.post(ADMIN + "/streams/orders/redrive", "application/json", "{}").statusCode())
			.isEqualTo(400);
		assertThat(this.http.post(ADMIN + "/queues/nope/redrive", "application/json", "{\"all\": true}").statusCode())
			.isEqualTo(404);
		assertThat(this.http.post(ADMIN + "/queues/ingest/redrive", "application/json", "{\"ids\": [\"x\"]}")
			.statusCode()).isEqualTo(404);
		assertThat(this.http.get(ADMIN + "/streams/orders?limit=0").statusCode()).isEqualTo(400);
		assertThat(this.rabbit.receive(TAP, 300)).isNull();
		assertThat(ids(json(this.http.get(ADMIN + "/streams/orders")))).containsExactly("order-count|o-1");
	}

	/** Puts a message in the ingest DLQ as ingestion dead-letters one: reason and origin in headers. */
	private void deadLetter(String messageId, String body) {
		this.rabbit.send("", INGEST_DLQ, deadLetterMessage(messageId, body));
	}

	private static Message deadLetterMessage(String messageId, String body) {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(messageId);
		properties.setContentType("application/json");
		properties.setHeader(Headers.REJECT_REASON, "stream was not declared");
		properties.setHeader(Headers.ORIGINAL_EXCHANGE, NS + ".ingest");
		properties.setHeader(Headers.ORIGINAL_ROUTING_KEY, "orders");
		return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
	}

	/** Stores dead letters as storage does: record by id, index scored by when recorded. */
	private void store(DeadLetterRecord... records) {
		for (DeadLetterRecord r : records) {
			this.redis.opsForHash().put(this.keys.deadLetters(r.stream()), r.id(), WireFormat.writeString(r));
			this.redis.opsForZSet().add(this.keys.deadLetterIndex(r.stream()), r.id(), r.recordedAt().toEpochMilli());
		}
	}

	private EventBatch received() {
		Message message = this.rabbit.receive(TAP, 5000);
		assertThat(message).as("a batch on the events exchange").isNotNull();
		return WireFormat.read(message.getBody(), EventBatch.class);
	}

	private void awaitDepth(String queue, int depth) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.admin.getQueueInfo(queue).getMessageCount() < depth && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(this.admin.getQueueInfo(queue).getMessageCount()).isEqualTo(depth);
	}

	private static JsonNode json(HttpResponse<String> response) {
		return WireFormat.mapper().readTree(response.body());
	}

	private static List<String> ids(JsonNode listing) {
		List<String> ids = new ArrayList<>();
		listing.path("items").forEach((item) -> ids.add(item.path("id").asString()));
		return ids;
	}

}
