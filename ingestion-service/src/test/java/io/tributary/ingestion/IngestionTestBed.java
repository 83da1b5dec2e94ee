package io.tributary.ingestion;

import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the ingestion integration tests share: the service's settings for a test namespace (the local
 * RabbitMQ and Redis, the test pipeline file, the test key) and a tap, a queue of the test's own
 * bound to the events exchange like processing's, to see what ingestion published.
 */
final class IngestionTestBed {

	private IngestionTestBed() {
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
