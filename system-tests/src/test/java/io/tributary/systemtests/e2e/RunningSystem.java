package io.tributary.systemtests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.contract.Destinations;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.systemtests.client.AmqpIngestPublisher;
import io.tributary.systemtests.client.AmqpSettings;
import io.tributary.systemtests.client.BrokerIngestPublisher;
import io.tributary.systemtests.client.KafkaIngestPublisher;
import io.tributary.systemtests.client.HttpResult;
import io.tributary.systemtests.client.IngestClient;
import io.tributary.systemtests.client.QueryClient;
import io.tributary.systemtests.launch.Service;
import io.tributary.systemtests.launch.ServiceCluster;
import io.tributary.systemtests.launch.ServiceInstance;
import io.tributary.testsupport.TestInfrastructure;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four services running for one test class: its own namespace (exchanges, queues, Redis keys),
 * the per-run RabbitMQ virtual host, a pipeline file written into the build directory, logs under
 * {@code target/e2e-logs/<TestClass>/}. Closing stops the services and deletes the namespace's keys.
 */
final class RunningSystem implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RunningSystem.class);

	final String namespace;

	final ServiceCluster cluster;

	final IngestClient ingest;

	final QueryClient query;

	final AmqpSettings rabbit;

	final Path logDir;

	/** Bootstrap servers when the services run on Kafka (profile {@code kafka}), else null: RabbitMQ. */
	final @Nullable String kafka;

	private @Nullable BrokerIngestPublisher publisher;

	private RunningSystem(String namespace, ServiceCluster cluster, AmqpSettings rabbit, @Nullable String kafka,
			Path logDir) {
		this.namespace = namespace;
		this.cluster = cluster;
		this.rabbit = rabbit;
		this.kafka = kafka;
		this.logDir = logDir;
		this.ingest = new IngestClient(cluster.baseUri(Service.INGESTION), cluster.apiKey().key());
		this.query = new QueryClient(cluster.baseUri(Service.QUERY), cluster.apiKey().key());
	}

	static Path buildDir() {
		return Path.of(System.getProperty("tributary.build.dir", "target")).toAbsolutePath();
	}

	static Path logDir(Class<?> testClass) {
		return buildDir().resolve("e2e-logs").resolve(testClass.getSimpleName());
	}

	/** Writes the pipeline file, checks it with the contract's loader, starts the services. */
	static RunningSystem start(Class<?> testClass, String pipelineYaml) {
		return start(testClass, pipelineYaml, UnaryOperator.identity());
	}

	/**
	 * As {@link #start(Class, String)}, with the cluster's builder adjusted before it is built (e.g.
	 * several instances of a service).
	 */
	static RunningSystem start(Class<?> testClass, String pipelineYaml, UnaryOperator<ServiceCluster.Builder> options) {
		return start(testClass, pipelineYaml, null, options);
	}

	/**
	 * As {@link #start(Class, String, UnaryOperator)}, the services on Kafka: Spring profile
	 * {@code kafka} and these bootstrap servers (query-service, which uses no broker, ignores both).
	 */
	static RunningSystem startOnKafka(Class<?> testClass, String pipelineYaml, String bootstrapServers,
			UnaryOperator<ServiceCluster.Builder> options) {
		return start(testClass, pipelineYaml, bootstrapServers, (builder) -> options.apply(builder
			.properties(Map.of("spring.profiles.active", "kafka", "spring.kafka.bootstrap-servers", bootstrapServers))));
	}

	private static RunningSystem start(Class<?> testClass, String pipelineYaml, @Nullable String kafka,
			UnaryOperator<ServiceCluster.Builder> options) {
		Path logDir = logDir(testClass);
		deleteRecursively(logDir);
		String namespace = TestInfrastructure.newNamespace("st");
		try {
			Files.createDirectories(logDir);
			Path pipelineFile = logDir.resolve("pipelines.yaml");
			Files.writeString(pipelineFile, pipelineYaml, StandardCharsets.UTF_8);
			// a typo in the test's own pipeline file fails here, not as four services refusing to start
			PipelineFileLoader.load(pipelineFile);
			TestInfrastructure.Rabbit r = TestInfrastructure.rabbit();
			ServiceCluster cluster = options.apply(ServiceCluster.builder()
				.namespace(namespace)
				.pipelineFile(pipelineFile)
				.properties(TestInfrastructure.springProperties())
				// these tests check results and send expecting 202: on a shared machine, and after the
				// drills' kills, a second of accept lag is routine, so ingestion must not refuse by it
				// (BackpressureIT tests refusals; the message backstop stays on)
				.properties(Map.of("tributary.ingestion.backpressure.max-delay", "10m"))
				.logDir(logDir))
				.build();
			log.info("{}: namespace {}, vhost {}, logs in {}", testClass.getSimpleName(), namespace, r.virtualHost(),
					logDir);
			try {
				cluster.start();
			}
			catch (RuntimeException ex) {
				cluster.close();
				TestInfrastructure.deleteRedisNamespace(namespace);
				throw ex;
			}
			return new RunningSystem(namespace, cluster,
					new AmqpSettings(r.host(), r.port(), r.username(), r.password(), r.virtualHost()), kafka, logDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A publisher to this namespace's ingest exchange, or ingest topic on Kafka (created on first use,
	 * closed with the system).
	 */
	synchronized BrokerIngestPublisher broker() {
		if (this.publisher == null) {
			String destination = Destinations.name(this.namespace, Destinations.INGEST);
			this.publisher = (this.kafka != null) ? new KafkaIngestPublisher(this.kafka, destination)
					: new AmqpIngestPublisher(this.rabbit, destination);
		}
		return this.publisher;
	}

	void loadLookup(Map<String, ?> table) {
		HttpResult result = this.ingest.putLookup(PipelineYaml.LOOKUP, table);
		assertThat(result.status()).as("PUT /api/v1/lookups/%s: %s", PipelineYaml.LOOKUP, result).isEqualTo(200);
	}

	/**
	 * Waits until a probe event for {@code probeAd} (which the lookup maps to {@code probeKey}) comes out
	 * of the probe pipeline: processing has then loaded the lookup table version that holds it, and the
	 * whole path ingestion, processing, storage, query works. Sends a probe with a fresh id every second.
	 */
	void awaitLookupLoaded(String probeAd, String probeKey) {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (this.query.latest(PipelineYaml.PROBE_PIPELINE, probeKey).isEmpty()) {
			assertThat(System.nanoTime()).as("no result for probe key %s within 90 s; logs:%s", probeKey,
					this.cluster.logTails(40)).isLessThan(deadline);
			Map<String, Object> probe = Map.of("event_id", UUID.randomUUID().toString(), "ad_id", probeAd,
					"event_type", "view", "event_time", Instant.now().toString(), "latency_ms", 1);
			HttpResult r = this.ingest.postJson(PipelineYaml.PROBE_STREAM, List.of(probe));
			assertThat(r.status()).as("probe event: %s", r).isEqualTo(202);
			sleep(Duration.ofSeconds(1));
		}
		if (this.cluster.running(Service.PROCESSING).size() > 1) {
			// the probe shows that the instance which routed it has the table; each of the others
			// reloads it within its lookup refresh interval (1 s)
			sleep(Duration.ofSeconds(3));
		}
	}

	/** String keys of this system's Redis and their values, absent ones left out (read-only: drills check who holds what). */
	Map<String, String> redisStrings(Collection<String> keys) {
		RedisClient client = RedisClient.create(TestInfrastructure.redis().uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			Map<String, String> values = new LinkedHashMap<>();
			for (String key : keys) {
				String value = connection.sync().get(key);
				if (value != null) {
					values.put(key, value);
				}
			}
			return values;
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * The lines of every service's log that report an error: a line at level ERROR, or a line of a
	 * stack trace ({@code at ...}, {@code Caused by: ...}). A healthy run has none.
	 */
	List<String> errorLines() {
		List<String> found = new ArrayList<>();
		for (Service service : Service.values()) {
			for (ServiceInstance instance : this.cluster.instances(service)) {
				try (var lines = Files.lines(instance.logFile())) {
					lines.filter((line) -> ERROR_LINE.matcher(line).find())
						.forEach((line) -> found.add(instance.logFile().getFileName() + ": " + line));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		return found;
	}

	/** Spring Boot's console format puts the level after the time stamp; stack frames start with a tab. */
	private static final java.util.regex.Pattern ERROR_LINE = java.util.regex.Pattern
		.compile("^\\S+\\s+ERROR\\s|^\\s+at [\\w$.]+\\(|^Caused by: |^\\S*(Exception|Error): ");

	@Override
	public void close() {
		try {
			if (this.publisher != null) {
				this.publisher.close();
			}
			this.cluster.close();
		}
		finally {
			TestInfrastructure.deleteRedisNamespace(this.namespace);
		}
	}

	/**
	 * A test class's {@code @AfterAll}: closes {@code system}, then (even when that fails) what it ran
	 * on; either may be null, when starting it failed.
	 */
	static void closeThen(@Nullable RunningSystem system, @Nullable AutoCloseable dependency) {
		try {
			if (system != null) {
				system.close();
			}
		}
		finally {
			if (dependency != null) {
				try {
					dependency.close();
				}
				catch (RuntimeException ex) {
					throw ex;
				}
				catch (Exception ex) {
					throw new IllegalStateException("Cannot close " + dependency, ex);
				}
			}
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteRecursively(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
