package io.tributary.systemtests.launch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The launcher against a fake service jar: start-up, readiness, SIGKILL, restart, logs, failures. */
class ServiceClusterIT {

	@TempDir
	static Path shared;

	static Path fakeJar;

	@BeforeAll
	static void buildFakeJar() {
		fakeJar = FakeServiceJar.build(shared.resolve("fake"));
	}

	@Test
	void startsEveryServiceOnItsOwnPortWithTheAgreedArgumentsAndWaitsUntilReady(@TempDir Path dir) throws Exception {
		try (ServiceCluster cluster = fake(dir).readinessTimeout(Duration.ofSeconds(30)).build()) {
			for (Service s : Service.values()) {
				assertThat(cluster.isAlive(s)).isFalse();
			}
			long started = System.nanoTime();
			cluster.start();

			// the fake answers 503 for its first 1.5 s: start() waited for the 200
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
			Set<Integer> ports = EnumSet.allOf(Service.class).stream().map(cluster::port).collect(Collectors.toSet());
			assertThat(ports).hasSize(4);
			for (Service s : Service.values()) {
				assertThat(get(cluster.baseUri(s).resolve("/actuator/health/readiness"))).isEqualTo(200);
				assertThat(cluster.logFile(s)).isEqualTo(dir.resolve("logs").resolve(s.module() + ".log"));
				assertThat(Files.readString(cluster.logFile(s))).contains("==== " + s.module() + " start #1",
						"--server.port=" + cluster.port(s), "--tributary.namespace=ns-1",
						"--tributary.pipeline-file=" + dir.resolve("p.yaml").toAbsolutePath(),
						"--spring.rabbitmq.virtual-host=vh", "--spring.data.redis.port=6390");
			}
		}
	}

	@Test
	void killIsASigkillAndRestartComesBackOnTheSamePort(@TempDir Path dir) throws Exception {
		try (ServiceCluster cluster = fake(dir).build().start()) {
			long pid = cluster.pid(Service.PROCESSING);
			int port = cluster.port(Service.PROCESSING);

			int exit = cluster.kill(Service.PROCESSING);

			// 128 + 9: killed by SIGKILL, and no shutdown hook ran (SIGTERM would have run it)
			assertThat(exit).isEqualTo(137);
			assertThat(cluster.isAlive(Service.PROCESSING)).isFalse();
			assertThat(Files.readString(cluster.logFile(Service.PROCESSING))).doesNotContain("graceful shutdown");
			assertThat(cluster.isAlive(Service.STORAGE)).isTrue();

			cluster.restart(Service.PROCESSING);

			assertThat(cluster.pid(Service.PROCESSING)).isNotEqualTo(pid);
			assertThat(cluster.port(Service.PROCESSING)).isEqualTo(port);
			assertThat(get(cluster.baseUri(Service.PROCESSING).resolve("/actuator/health/readiness"))).isEqualTo(200);
			assertThat(Files.readString(cluster.logFile(Service.PROCESSING))).contains("start #1", "start #2");
		}
	}

	@Test
	void runsSeveralInstancesEachOnItsOwnPortAndRestartsOrAddsProcessingWithAnotherInstanceCount(@TempDir Path dir)
			throws Exception {
		try (ServiceCluster cluster = fake(dir).services(List.of(Service.PROCESSING, Service.STORAGE))
			.instances(Service.PROCESSING, 3)
			.instances(Service.STORAGE, 2)
			.build()
			.start()) {
			List<ServiceInstance> processing = cluster.instances(Service.PROCESSING);
			assertThat(processing).extracting(ServiceInstance::name)
				.containsExactly("processing-service-0of3", "processing-service-1of3", "processing-service-2of3");
			assertThat(cluster.instances(Service.STORAGE)).extracting(ServiceInstance::name)
				.containsExactly("storage-service-0", "storage-service-1");
			assertThat(cluster.instance(Service.PROCESSING)).isSameAs(processing.get(0));
			Set<Integer> ports = new HashSet<>();
			for (Service s : List.of(Service.PROCESSING, Service.STORAGE)) {
				for (ServiceInstance i : cluster.instances(s)) {
					ports.add(i.port());
					assertThat(get(i.baseUri().resolve("/actuator/health/readiness"))).isEqualTo(200);
					assertThat(i.logFile()).isEqualTo(dir.resolve("logs").resolve(i.name() + ".log"));
				}
			}
			assertThat(ports).hasSize(5);
			for (ServiceInstance i : processing) {
				assertThat(lastArgs(i)).contains("--tributary.processing.instance-index=" + i.instanceIndex()
						+ " --tributary.processing.instance-count=3");
			}
			assertThat(lastArgs(cluster.instance(Service.STORAGE))).doesNotContain("instance-index");

			// stop, change the count, start: same port, same log, the new assignment
			ServiceInstance second = processing.get(1);
			int port = second.port();
			assertThat(cluster.stop(List.of(second))).containsExactly(143);
			cluster.restartProcessing(second, 1, 2);
			assertThat(second.port()).isEqualTo(port);
			assertThat(second.instanceCount()).isEqualTo(2);
			assertThat(Files.readString(second.logFile())).contains("start #2");
			assertThat(lastArgs(second)).contains("--tributary.processing.instance-index=1 --tributary.processing.instance-count=2");

			// a new assignment beside the running one: new ports, own logs
			List<ServiceInstance> added = cluster.startProcessing(2);
			assertThat(added).extracting(ServiceInstance::name)
				.containsExactly("processing-service-0of2", "processing-service-1of2");
			assertThat(lastArgs(added.get(1))).contains("--tributary.processing.instance-count=2");
			assertThat(added).extracting(ServiceInstance::port).doesNotContainAnyElementsOf(ports);
			assertThat(cluster.running(Service.PROCESSING)).hasSize(5);
			assertThatIllegalStateException().isThrownBy(() -> cluster.restartProcessing(second, 0, 2))
				.withMessageContaining("still running");
		}
	}

	/** The arguments the fake printed at its last start. */
	private static String lastArgs(ServiceInstance instance) throws IOException {
		String log = Files.readString(instance.logFile());
		return log.substring(log.lastIndexOf("fake service args: "));
	}

	@Test
	void closeStopsEveryServiceGracefully(@TempDir Path dir) throws Exception {
		ServiceCluster cluster = fake(dir).build().start();

		cluster.close();

		for (Service s : Service.values()) {
			assertThat(cluster.isAlive(s)).isFalse();
			assertThat(Files.readString(cluster.logFile(s))).contains("fake service graceful shutdown");
		}
	}

	@Test
	void aServiceThatExitsDuringStartUpFailsWithItsLogTail(@TempDir Path dir) throws IOException {
		try (ServiceCluster cluster = fake(dir).extraArgs(Service.QUERY, List.of("--fake.fail")).build()) {
			assertThatIllegalStateException().isThrownBy(cluster::start)
				.withMessageContaining("query-service exited with code 3 before it was ready")
				.withMessageContaining("fake failure on purpose");
		}
	}

	@Test
	void aServiceThatNeverGetsReadyFailsAtTheDeadline(@TempDir Path dir) throws IOException {
		try (ServiceCluster cluster = fake(dir).services(List.of(Service.STORAGE))
			.extraArgs(Service.STORAGE, List.of("--fake.ready-after-ms=600000"))
			.readinessTimeout(Duration.ofSeconds(2))
			.build()) {
			assertThatIllegalStateException().isThrownBy(cluster::start)
				.withMessageContaining("storage-service was not ready within PT2S")
				.withMessageContaining("HTTP 503");
		}
	}

	@Test
	void aMissingJarIsNamedWithHowToBuildIt(@TempDir Path dir) {
		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceCluster.builder().repoRoot(dir).version("9.9.9").logDir(dir).build())
			.withMessageContaining("Missing ingestion-service jar: "
					+ dir.resolve("ingestion-service/target/ingestion-service-9.9.9.jar"))
			.withMessageContaining("./mvnw -q package -DskipTests -pl ingestion-service -am");
	}

	@Test
	void theDefaultJarIsWhereTheReactorBuildLeavesIt() {
		assertThat(ServiceCluster.defaultJar(Path.of("/repo"), "0.1.0-SNAPSHOT", Service.QUERY))
			.isEqualTo(Path.of("/repo/query-service/target/query-service-0.1.0-SNAPSHOT.jar"));
	}

	private static ServiceCluster.Builder fake(Path dir) throws IOException {
		Path pipeline = dir.resolve("p.yaml");
		Files.writeString(pipeline, "pipelines: {}", StandardCharsets.UTF_8);
		ServiceCluster.Builder builder = ServiceCluster.builder()
			.namespace("ns-1")
			.pipelineFile(pipeline)
			.properties(Map.of("spring.rabbitmq.virtual-host", "vh", "spring.data.redis.port", "6390"))
			.logDir(dir.resolve("logs"))
			.jvmArgs(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"))
			.aotCache(false)
			.readinessTimeout(Duration.ofSeconds(30));
		for (Service s : Service.values()) {
			builder.jar(s, fakeJar).extraArgs(s, List.of("--fake.ready-after-ms=1500"));
		}
		return builder;
	}

	private static int get(URI uri) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
