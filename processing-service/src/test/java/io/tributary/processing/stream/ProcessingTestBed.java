package io.tributary.processing.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.WireFormat;
import io.tributary.processing.ProcessingApplication;
import io.tributary.testsupport.TestInfrastructure;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Processing instances in this JVM on the real RabbitMQ and Redis, isolated in their own namespace:
 * the lookup table the tests' pipelines use, storage's results queue (what storage-service would
 * declare) to read results from, an ingestion instance's progress markers for the {@code clicks}
 * stream (every 200 ms, nothing in flight: quiet windows close by the idle timeout), and clean-up of
 * every queue, exchange and key afterwards.
 */
final class ProcessingTestBed implements AutoCloseable {

	/** Spring Boot starts of this JVM, one at a time. */
	private static final Object STARTING = new Object();

	private final String ns;

	private final String pipelineFile;

	private final CachingConnectionFactory rabbit;

	private final RabbitTemplate template;

	private final LettuceConnectionFactory redisFactory;

	private final StringRedisTemplate redis;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final ScheduledExecutorService markers = Executors.newSingleThreadScheduledExecutor();

	private final String markerSource = "test-ingestion-" + UUID.randomUUID();

	private final @Nullable Integer redisPort;

	private final TestInfrastructure.Rabbit rabbitServer;

	ProcessingTestBed(String ns, String pipelineFile, Map<String, String> regions) {
		this(ns, pipelineFile, regions, null, null);
	}

	/**
	 * @param redisPort  a local redis-server of the test's own instead of the shared one
	 * @param rabbitPort a local RabbitMQ node of the test's own (guest, vhost {@code /}) instead of the shared one
	 */
	ProcessingTestBed(String ns, String pipelineFile, Map<String, String> regions, @Nullable Integer redisPort,
			@Nullable Integer rabbitPort) {
		this.ns = ns;
		this.pipelineFile = pipelineFile;
		this.redisPort = redisPort;
		TestInfrastructure.Rabbit r = (rabbitPort != null)
				? new TestInfrastructure.Rabbit("127.0.0.1", rabbitPort, "guest", "guest", "/") : TestInfrastructure.rabbit();
		this.rabbitServer = r;
		this.rabbit = new CachingConnectionFactory(r.host(), r.port());
		this.rabbit.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
		this.rabbit.setUsername(r.username());
		this.rabbit.setPassword(r.password());
		this.rabbit.setVirtualHost(r.virtualHost());
		this.template = new RabbitTemplate(this.rabbit);
		TestInfrastructure.Redis d = (redisPort != null) ? new TestInfrastructure.Redis("127.0.0.1", redisPort)
				: TestInfrastructure.redis();
		this.redisFactory = new LettuceConnectionFactory(d.host(), d.port());
		this.redisFactory.afterPropertiesSet();
		this.redis = new StringRedisTemplate(this.redisFactory);
		RedisKeys keys = new RedisKeys(ns);
		this.redis.opsForHash().putAll(keys.lookup("regions"), regions);
		this.redis.opsForValue().increment(keys.lookupVersion("regions"));
		RabbitAdmin admin = new RabbitAdmin(this.rabbit);
		TopicExchange results = new TopicExchange(ns + ".results");
		Queue storage = new Queue(ns + ".results.storage", true, false, false,
				Map.of("x-dead-letter-exchange", ns + ".dlx", "x-dead-letter-routing-key", ns + ".results.storage"));
		admin.declareExchange(results);
		admin.declareQueue(storage);
		admin.declareBinding(BindingBuilder.bind(storage).to(results).with("#"));
		// as the binder declares it: markers sent before the first instance starts have an exchange to go to
		admin.declareExchange(new TopicExchange(ns + ".events"));
		this.markers.scheduleWithFixedDelay(this::publishMarker, 200, 200, TimeUnit.MILLISECONDS);
	}

	/** What an ingestion instance with nothing in flight sends: nothing accepted before now is still to come. */
	private void publishMarker() {
		try {
			MessageProperties props = new MessageProperties();
			props.setContentType("application/json");
			props.setHeader(Headers.MESSAGE_TYPE, Headers.PROGRESS);
			StreamProgress marker = new StreamProgress("clicks", this.markerSource, Instant.now());
			this.template.send(this.ns + ".events", "clicks", new Message(WireFormat.write(EventBatch.progress(marker)), props));
		}
		catch (RuntimeException ex) {
			// closing
		}
	}

	StringRedisTemplate redis() {
		return this.redis;
	}

	/** Starts a processing instance of this namespace (fast ticks and lease polls, random port). */
	ConfigurableApplicationContext start() {
		return start(this.pipelineFile, Map.of());
	}

	/** Starts a processing instance of this namespace with these properties besides. */
	ConfigurableApplicationContext start(Map<String, String> extra) {
		return start(this.pipelineFile, extra);
	}

	/** Starts a processing instance of this namespace with another pipeline file. */
	ConfigurableApplicationContext start(String pipelineFile) {
		return start(pipelineFile, Map.of());
	}

	/** Starts a processing instance of this namespace with another pipeline file and these properties. */
	ConfigurableApplicationContext start(String pipelineFile, Map<String, String> extra) {
		Map<String, Object> props = new HashMap<>(TestInfrastructure.springProperties());
		props.put("tributary.namespace", this.ns);
		props.put("tributary.pipeline-file", pipelineFile);
		props.put("tributary.processing.tick-interval", "100ms");
		props.put("tributary.processing.lease-poll", "100ms");
		props.put("server.port", "0");
		if (this.redisPort != null) {
			props.put("spring.data.redis.host", "127.0.0.1");
			props.put("spring.data.redis.port", this.redisPort);
		}
		props.put("spring.rabbitmq.host", this.rabbitServer.host());
		props.put("spring.rabbitmq.port", this.rabbitServer.port());
		props.put("spring.rabbitmq.username", this.rabbitServer.username());
		props.put("spring.rabbitmq.password", this.rabbitServer.password());
		props.put("spring.rabbitmq.virtual-host", this.rabbitServer.virtualHost());
		props.putAll(extra);
		// command-line arguments: SpringApplicationBuilder.properties() would lose to application.yml
		String[] args = props.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		ConfigurableApplicationContext context;
		// drills run at the same time in this JVM: two Spring Boot starts initialising logback together
		// fail with a ConcurrentModificationException in its property map
		synchronized (STARTING) {
			context = new SpringApplicationBuilder(ProcessingApplication.class).run(args);
		}
		this.contexts.add(context);
		return context;
	}

	void stop(ConfigurableApplicationContext context) {
		this.contexts.remove(context);
		context.close();
	}

	/** Publishes events as ingestion does: one batch, to the events exchange, keyed by stream. */
	void publish(String stream, Event... events) {
		publish(stream, null, Map.of(), events);
	}

	/** Publishes events as ingestion does for an HTTP request of the API key of this name (null: none). */
	void publish(String stream, @Nullable String apiKeyName, Event... events) {
		publish(stream, apiKeyName, Map.of(), events);
	}

	/** As {@link #publish(String, Event...)}, with headers (a trace context). */
	void publish(String stream, Map<String, String> headers, Event... events) {
		publish(stream, null, headers, events);
	}

	/** Publishes events as ingestion does, for this API key's name (null: none) and with these headers. */
	void publish(String stream, @Nullable String apiKeyName, Map<String, String> headers, Event... events) {
		MessageProperties props = new MessageProperties();
		props.setContentType("application/json");
		if (apiKeyName != null) {
			props.setHeader(Headers.API_KEY_NAME, apiKeyName);
		}
		headers.forEach(props::setHeader);
		this.template.send(this.ns + ".events", stream,
				new Message(WireFormat.write(new EventBatch(List.of(events))), props));
	}

	/**
	 * Publishes events as ingestion does, and returns only once the broker confirmed them.
	 * @throws org.springframework.amqp.AmqpException when the broker did not: nothing is known to be queued
	 */
	void publishConfirmed(String stream, Event... events) {
		MessageProperties props = new MessageProperties();
		props.setContentType("application/json");
		Message message = new Message(WireFormat.write(new EventBatch(List.of(events))), props);
		this.template.invoke((ops) -> {
			ops.send(this.ns + ".events", stream, message);
			ops.waitForConfirmsOrDie(5_000);
			return null;
		});
	}

	/** The next batch on storage's results queue, or null when none comes within 200 ms. */
	@Nullable ResultBatch nextResults() {
		Message m = this.template.receive(this.ns + ".results.storage", 200);
		return (m != null) ? WireFormat.read(m.getBody(), ResultBatch.class) : null;
	}

	/** The next message on storage's results queue, or null when none comes within 200 ms. */
	@Nullable Message nextResultMessage() {
		return this.template.receive(this.ns + ".results.storage", 200);
	}

	/** Stops every instance still running, as a shutdown would. */
	void stopAll() {
		new ArrayList<>(this.contexts).forEach(this::stop);
	}

	@Override
	public void close() {
		this.markers.shutdown();
		try {
			this.markers.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		stopAll();
		RabbitAdmin admin = new RabbitAdmin(this.rabbit);
		admin.deleteQueue(this.ns + ".events.processing");
		admin.deleteQueue(this.ns + ".results.storage");
		admin.deleteQueue(this.ns + ".results.storage.dlq");
		admin.deleteExchange(this.ns + ".dlx");
		for (int p = 0; p < 8; p++) {
			admin.deleteQueue(this.ns + ".keyed.window-" + p);
		}
		for (String exchange : List.of("events", "keyed", "results")) {
			admin.deleteExchange(this.ns + "." + exchange);
		}
		this.rabbit.destroy();
		TestInfrastructure.deleteRedisNamespace(this.ns);
		this.redisFactory.destroy();
	}

}
