package io.tributary.ingestion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the ingestion integration tests share: the service's settings for a test namespace (the local
 * RabbitMQ and Redis, the test pipeline file, the test key) and a tap, a queue of the test's own
 * bound to the events exchange like processing's, to see what ingestion published.
 * <p>
 * An integration test of the whole service extends it with its namespace: it then runs against the
 * service on a random port, with {@link #http} for it, the broker's {@link #admin} and
 * {@link #rabbit}, and the tap declared before its tests and deleted, with the namespace's Redis
 * keys, after them. Its {@code @DynamicPropertySource} calls {@link #properties}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
abstract class IngestionTestBed {

	private final String namespace;

	@LocalServerPort
	int port;

	@Autowired
	AmqpAdmin admin;

	@Autowired
	RabbitTemplate rabbit;

	Http http;

	IngestionTestBed(String namespace) {
		this.namespace = namespace;
	}

	@BeforeAll
	final void startTestBed() {
		this.http = new Http(this.port);
		declareTap(this.admin, this.namespace);
	}

	@AfterAll
	final void cleanUpTestBed() {
		this.admin.deleteQueue(tap(this.namespace));
		TestInfrastructure.deleteRedisNamespace(this.namespace);
	}

	/** The local servers, this namespace, the test pipeline file and {@link Http#KEY}. */
	static void properties(DynamicPropertyRegistry registry, String namespace) {
		TestInfrastructure.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		TestKey.properties(Http.KEY).forEach((name, value) -> registry.add(name, () -> value));
		registry.add("tributary.namespace", () -> namespace);
		registry.add("tributary.pipeline-file", TestPipelines.FILE::toString);
		// the tap sees only the events a test sends; a test of the markers sets its own interval
		registry.add("tributary.ingestion.progress-interval", () -> "1h");
	}

	/** A port that nothing listens on: bound once by the OS, then released. */
	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The tap's name in the namespace. */
	static String tap(String namespace) {
		return namespace + ".events.tap";
	}

	/** Declares the tap, bound to every stream of the namespace's events exchange. */
	static void declareTap(AmqpAdmin admin, String namespace) {
		admin.declareQueue(new Queue(tap(namespace), false, false, false));
		admin.declareBinding(new Binding(tap(namespace), Binding.DestinationType.QUEUE, namespace + ".events", "#", null));
	}

}
