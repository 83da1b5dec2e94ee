package io.tributary.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Alert;
import io.tributary.contract.Counts;
import io.tributary.contract.Destinations;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbound results exchange against the real RabbitMQ and Redis: result batches go through
 * the whole service the way processing publishes them, and a queue the test binds to
 * {@code <ns>.results.out} receives every final result, retraction and alert revision, in order,
 * with the documented routing keys, headers and properties; a batch delivered twice is published
 * twice, with the same revisions and message ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(StorageServiceIT.TestClock.class)
class ResultsOutIT {

	private static final String NS = TestInfrastructure.newNamespace("results-out-it");

	@Autowired
	private MutableClock clock;

	@Autowired
	private ConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry registry;

	private RabbitTemplate rabbit;

	private RabbitAdmin admin;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestInfrastructure.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("tributary.namespace", () -> NS);
		registry.add("tributary.pipeline-file", () -> "src/test/resources/pipelines/storage-test.yaml");
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	@BeforeEach
	void connect() {
		this.rabbit = new RabbitTemplate(this.connectionFactory);
		this.admin = new RabbitAdmin(this.connectionFactory);
	}

	@Test
	void publishesEveryFinalResultRetractionAndAlertInOrderAndARedeliveredBatchAgain() {
		String exchange = Destinations.name(NS, Destinations.RESULTS_OUT);
		// binding fails unless storage declared the exchange at start-up
		String everything = bind(exchange, "#");
		String alertsOnly = bind(exchange, "*.alert");
		String a = unique("a");
		String b = unique("b");
		Instant w0 = this.clock.instant().minusSeconds(60);
		Instant w1 = w0.plusSeconds(10);

		WindowResult aOpen = result(a, w0, false, 1, 3, true);
		WindowResult aFinal = result(a, w0, true, 2, 4, true);
		WindowResult bFinal = result(b, w0, true, 1, 7, false);
		WindowResult aLate = result(a, w0, true, 3, 5, false);
		WindowRetraction bRetracted = new WindowRetraction("views", b, w1, w1.plusSeconds(10), 2, w0,
				w1.plusSeconds(10));
		Alert opened = Alert.opened("views", 1, "busy", a, Alert.Severity.warning, Alert.Kind.threshold,
				"views > 3", w0, Alert.Breach.of(w0.plusSeconds(10), Map.of("views", 4L)), this.clock.instant());
		Alert resolved = opened.resolved(Alert.Resolution.recovered, this.clock.instant().plusSeconds(10));
		ResultBatch first = new ResultBatch(List.of(aOpen, aFinal, bFinal), List.of(), List.of(), List.of(),
				List.of(opened));
		ResultBatch second = new ResultBatch(List.of(aLate), List.of(), List.of(), List.of(bRetracted), List.of());
		ResultBatch third = ResultBatch.ofAlerts(List.of(resolved));

		String marker = unique("marker");
		// the second batch is delivered again, as after a crash of processing or storage before the
		// acknowledgement; then a marker that ends the reading
		publishInOrder(first, second, third, second,
				new ResultBatch(List.of(result(marker, w0, true, 1, 1, false)), List.of(), List.of()));

		List<Message> received = receiveUntil(everything, marker);

		// the reference: what the contract says each message is, built from the inputs by hand
		List<Expected> expected = List.of(
				Expected.result(a, w0, 2, 4), Expected.result(b, w0, 1, 7), Expected.alert(opened),
				Expected.result(a, w0, 3, 5), Expected.retraction(bRetracted), Expected.alert(resolved),
				Expected.result(a, w0, 3, 5), Expected.retraction(bRetracted), Expected.result(marker, w0, 1, 1));
		assertThat(received).extracting((m) -> m.getMessageProperties().getMessageId())
			.containsExactlyElementsOf(expected.stream().map(Expected::id).toList());
		for (int i = 0; i < expected.size(); i++) {
			expected.get(i).check(received.get(i));
		}
		// per key: revisions never go down until the redelivery, which repeats revision 3 with its id
		assertThat(revisionsOf(received, a, "result")).containsExactly(2L, 3L, 3L);
		assertThat(messageIdsOf(received, a, "result")).containsExactly(
				"result|views|" + a + "|" + w0.toEpochMilli() + "|2", "result|views|" + a + "|" + w0.toEpochMilli() + "|3",
				"result|views|" + a + "|" + w0.toEpochMilli() + "|3");
		assertThat(revisionsOf(received, a, "alert")).containsExactly(opened.revision(), opened.revision() + 1);
		// a binding by type gets that type only
		List<Message> alerts = new ArrayList<>();
		for (Message m = this.rabbit.receive(alertsOnly, 5_000); m != null; m = this.rabbit.receive(alertsOnly, 500)) {
			alerts.add(m);
		}
		assertThat(alerts).hasSize(2).allSatisfy((m) -> Expected.check(m, "views.alert", "alert"));
	}

	@Test
	void aBatchWhoseOutboundResultsAreRefusedIsHandedBackAndPublishedAgainUntilTheBrokerTakesThem() {
		String exchange = Destinations.name(NS, Destinations.RESULTS_OUT);
		String subscriber = bind(exchange, "#");
		// a queue that refuses every message: the broker nacks each publish routed to it
		Queue full = QueueBuilder.nonDurable(NS + ".full." + UUID.randomUUID())
			.maxLength(0)
			.overflow(QueueBuilder.Overflow.rejectPublish)
			.build();
		this.admin.declareQueue(full);
		this.admin.declareBinding(BindingBuilder.bind(full).to(new TopicExchange(exchange)).with("#"));
		String key = unique("refused");
		Instant w0 = this.clock.instant().minusSeconds(60);
		double failuresBefore = failedBatches();
		try {
			publishInOrder(new ResultBatch(List.of(result(key, w0, true, 1, 9, false)), List.of(), List.of()));

			// stored, never acknowledged: handed back and published again, after a pause each time
			await().atMost(Duration.ofSeconds(30)).until(() -> failedBatches() >= failuresBefore + 2);
		}
		finally {
			this.admin.deleteQueue(full.getName());
		}
		String marker = unique("marker");
		publishInOrder(new ResultBatch(List.of(result(marker, w0, true, 1, 1, false)), List.of(), List.of()));

		List<Message> received = receiveUntil(subscriber, marker);

		// every attempt reached the subscriber (the nack came from the other queue), the same message
		// each time, until one was confirmed and the batch behind it could go
		Expected expected = Expected.result(key, w0, 1, 9);
		List<Message> attempts = received.subList(0, received.size() - 1);
		assertThat(attempts).hasSizeGreaterThanOrEqualTo(3).allSatisfy(expected::check);
		assertThat(this.rabbit.receive(Destinations.name(NS, Destinations.RESULTS) + ".storage.dlq")).isNull();
	}

	private double failedBatches() {
		return this.registry.get("tributary.storage.failed.batches").counter().count();
	}

	// --- helpers --------------------------------------------------------------------------------------

	private String bind(String exchange, String pattern) {
		// not auto-delete: each timed receive is a consumer that ends; the vhost goes with the run
		Queue queue = new Queue(NS + ".subscriber." + UUID.randomUUID(), false, false, false);
		this.admin.declareQueue(queue);
		this.admin.declareBinding(BindingBuilder.bind(queue).to(new TopicExchange(exchange)).with(pattern));
		return queue.getName();
	}

	private List<Message> receiveUntil(String queue, String markerKey) {
		List<Message> received = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			Message m = this.rabbit.receive(queue, 1_000);
			if (m == null) {
				continue;
			}
			received.add(m);
			if (markerKey.equals(m.getMessageProperties().getHeader("tributaryKey"))) {
				return received;
			}
		}
		throw new AssertionError("the marker never arrived; received " + received.size() + " messages");
	}

	private static List<Long> revisionsOf(List<Message> messages, String key, String type) {
		return messages.stream()
			.filter((m) -> key.equals(m.getMessageProperties().getHeader("tributaryKey"))
					&& type.equals(m.getMessageProperties().getHeader("tributaryType")))
			.map((m) -> m.getMessageProperties().<Long>getHeader("tributaryRevision"))
			.toList();
	}

	private static List<String> messageIdsOf(List<Message> messages, String key, String type) {
		return messages.stream()
			.filter((m) -> key.equals(m.getMessageProperties().getHeader("tributaryKey"))
					&& type.equals(m.getMessageProperties().getHeader("tributaryType")))
			.map((m) -> m.getMessageProperties().getMessageId())
			.toList();
	}

	/** On one channel, so storage receives them in this order (as from one processing partition). */
	private void publishInOrder(ResultBatch... batches) {
		this.rabbit.invoke((operations) -> {
			for (ResultBatch batch : batches) {
				MessageProperties properties = new MessageProperties();
				properties.setContentType(WireFormat.CONTENT_TYPE);
				operations.send(Destinations.name(NS, Destinations.RESULTS), "results",
						new Message(WireFormat.write(batch), properties));
			}
			return null;
		});
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static WindowResult result(String key, Instant start, boolean isFinal, long revision, long views,
			boolean withState) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("views", views);
		return new WindowResult("views", key, start, start.plusSeconds(10), isFinal, revision, Map.of("views", views),
				new Counts(views, 0, 0), withState ? state : null);
	}

	/** One expected message: routing key, headers and the JSON body, written out from the inputs. */
	private record Expected(String routingKey, String type, String key, long revision, String id, String json) {

		static Expected result(String key, Instant start, long revision, long views) {
			String json = "{\"pipeline\":\"views\",\"key\":\"" + key + "\",\"windowStart\":\"" + start
					+ "\",\"windowEnd\":\"" + start.plusSeconds(10) + "\",\"final\":true,\"revision\":" + revision
					+ ",\"version\":1,\"metrics\":{\"views\":" + views + "},\"counts\":{\"events\":" + views
					+ ",\"late\":0,\"duplicates\":0}}";
			return new Expected("views.result", "result", key, revision,
					"result|views|" + key + "|" + start.toEpochMilli() + "|" + revision, json);
		}

		static Expected retraction(WindowRetraction r) {
			String json = "{\"pipeline\":\"views\",\"key\":\"" + r.key() + "\",\"windowStart\":\"" + r.windowStart()
					+ "\",\"windowEnd\":\"" + r.windowEnd() + "\",\"revision\":" + r.revision()
					+ ",\"mergedIntoStart\":\"" + r.mergedIntoStart() + "\",\"mergedIntoEnd\":\"" + r.mergedIntoEnd()
					+ "\"}";
			return new Expected("views.retraction", "retraction", r.key(), r.revision(),
					"retraction|views|" + r.key() + "|" + r.windowStart().toEpochMilli() + "|" + r.revision(), json);
		}

		static Expected alert(Alert alert) {
			// the alert's own JSON is the contract's (AlertJsonTests); here: that it is carried unchanged
			return new Expected("views.alert", "alert", alert.key(), alert.revision(),
					"alert|views|" + alert.id() + "|" + alert.revision(), WireFormat.writeString(alert));
		}

		void check(Message m) {
			check(m, this.routingKey, this.type);
			MessageProperties p = m.getMessageProperties();
			assertThat(p.<String>getHeader("tributaryKey")).isEqualTo(this.key);
			assertThat(p.<Long>getHeader("tributaryRevision")).isEqualTo(this.revision);
			assertThat(p.getMessageId()).isEqualTo(this.id);
			assertThat(p.<String>getHeader("tributaryMessageId")).isEqualTo(this.id);
			assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo(this.json);
		}

		static void check(Message m, String routingKey, String type) {
			MessageProperties p = m.getMessageProperties();
			assertThat(p.getReceivedRoutingKey()).isEqualTo(routingKey);
			assertThat(p.<String>getHeader("tributaryType")).isEqualTo(type);
			assertThat(p.getType()).isEqualTo(type);
			assertThat(p.<String>getHeader("tributaryPipeline")).isEqualTo("views");
			assertThat(p.getContentType()).isEqualTo("application/json");
			assertThat(p.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
		}

	}

}
