package io.tributary.ingestion;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.tributary.contract.EventBatch;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real broker refusing or failing to route a batch: HTTP answers 503, never 202; broker input is
 * requeued, never dead-lettered, and forwarded once the broker takes it again.
 * <p>
 * A queue with {@code x-max-length: 0} and {@code x-overflow: reject-publish} bound for stream
 * {@code refused} makes the broker nack every publish routed to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class PublishRefusedIT {

	private static final String NS = TestInfrastructure.newNamespace("ingest-refused");

	private static final String EVENTS = NS + ".events";

	private static final String FULL = NS + ".events.full";

	private static final String TAP = NS + ".events.tap-refused";

	private static final Binding FULL_BINDING = new Binding(FULL, Binding.DestinationType.QUEUE, EVENTS, "refused",
			null);

	private static final Binding PROCESSING_BINDING = new Binding(NS + ".events.processing",
			Binding.DestinationType.QUEUE, EVENTS, "#", null);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
		registry.add("tributary.ingestion.confirm-timeout", () -> "2s");
	}

	@LocalServerPort
	private int port;

	@Autowired
	private AmqpAdmin admin;

	@Autowired
	private RabbitTemplate rabbit;

	private Http http;

	@BeforeAll
	void declareQueues() {
		this.http = new Http(this.port);
		this.admin.declareQueue(new Queue(FULL, false, false, false,
				Map.of("x-max-length", 0, "x-overflow", "reject-publish")));
		this.admin.declareQueue(new Queue(TAP, false, false, false));
		this.admin.declareBinding(new Binding(TAP, Binding.DestinationType.QUEUE, EVENTS, "refused", null));
	}

	@AfterEach
	void restore() {
		this.admin.declareBinding(FULL_BINDING);
		this.admin.declareBinding(PROCESSING_BINDING);
		this.admin.purgeQueue(TAP, false);
	}

	@AfterAll
	void cleanUp() {
		this.admin.deleteQueue(FULL);
		this.admin.deleteQueue(TAP);
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	@Test
	void answers503WhenTheBrokerRefusesTheBatch() {
		this.admin.declareBinding(FULL_BINDING);

		HttpResponse<String> refused = this.http.post("/api/v1/streams/refused/events", "application/json", "{}");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(WireFormat.mapper().readTree(refused.body()).get("detail").asString())
			.contains("the broker refused the message");

		assertThat(this.http.post("/api/v1/streams/clicks/events", "application/json", "{}").statusCode())
			.as("other streams are not affected").isEqualTo(202);
	}

	@Test
	void answers503WhenNoQueueWouldReceiveTheBatch() {
		this.admin.removeBinding(PROCESSING_BINDING);

		HttpResponse<String> unroutable = this.http.post("/api/v1/streams/clicks/events", "application/json", "{}");
		assertThat(unroutable.statusCode()).isEqualTo(503);
		assertThat(WireFormat.mapper().readTree(unroutable.body()).get("detail").asString())
			.contains("could not route the message");
	}

	@Test
	void requeuesBrokerInputThatCannotBeForwardedInsteadOfDeadLetteringIt() throws InterruptedException {
		this.admin.declareBinding(FULL_BINDING);
		MessageProperties properties = new MessageProperties();
		properties.setMessageId("transient-1");
		this.rabbit.send(NS + ".ingest", "refused",
				new Message("{\"x\": 1}".getBytes(StandardCharsets.UTF_8), properties));

		// Several delivery attempts fail in this time (each attempt waits for a nack, retries back off).
		Thread.sleep(4000);
		assertThat(this.rabbit.receive(NS + ".ingest.ingestion.dlq", 200)).as("not dead-lettered").isNull();
		// The nacked publishes were still routed to the tap; what matters is that the input is not lost.
		this.admin.purgeQueue(TAP, false);

		this.admin.removeBinding(FULL_BINDING);
		Message forwarded = this.rabbit.receive(TAP, 20_000);
		assertThat(forwarded).as("forwarded once the broker takes it").isNotNull();
		EventBatch batch = WireFormat.read(forwarded.getBody(), EventBatch.class);
		assertThat(batch.events()).singleElement().satisfies((e) -> assertThat(e.stream()).isEqualTo("refused"));
		assertThat(this.rabbit.receive(NS + ".ingest.ingestion.dlq", 500)).isNull();
	}

}
