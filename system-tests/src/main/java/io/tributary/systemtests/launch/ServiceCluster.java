package io.tributary.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four services as separate processes ({@code java -jar <module>-<version>.jar}), each on its own
 * free port, pointed at one namespace, one pipeline file, and the given broker and Redis. Ready when
 * every {@code /actuator/health/readiness} answers 200. Any service can be killed (SIGKILL) and
 * restarted on the same port; each one's output goes to {@code <logDir>/<module>.log}.
 */
public final class ServiceCluster implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ServiceCluster.class);

	/** JVM options for tests: small heaps and quick start-up on a 2-core machine. */
	public static final List<String> TEST_JVM_ARGS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

	private final Map<Service, ManagedProcess> processes = new EnumMap<>(Service.class);

	private final Map<Service, Integer> ports = new EnumMap<>(Service.class);

	private final List<Service> services;

	private final Duration readinessTimeout;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private ServiceCluster(Builder b) {
		this.services = List.copyOf(b.services);
		this.readinessTimeout = b.readinessTimeout;
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Set<Integer> taken = new HashSet<>();
		for (Service s : this.services) {
			Path jar = b.jars.getOrDefault(s, defaultJar(b.repoRoot, b.version, s));
			requireJar(s, jar);
			int port = freePort(taken);
			this.ports.put(s, port);
			List<String> command = new ArrayList<>();
			command.add(java.toString());
			command.addAll(b.jvmArgs);
			command.add("-jar");
			command.add(jar.toString());
			command.add("--server.port=" + port);
			command.add("--tributary.namespace=" + b.namespace);
			command.add("--tributary.pipeline-file=" + b.pipelineFile.toAbsolutePath());
			b.properties.forEach((k, v) -> command.add("--" + k + "=" + v));
			command.addAll(b.extraArgs.getOrDefault(s, List.of()));
			this.processes.put(s, new ManagedProcess(s.module(), command, b.logDir.resolve("work"),
					b.logDir.resolve(s.module() + ".log")));
		}
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The jar the reactor build leaves in {@code <module>/target}. */
	public static Path defaultJar(Path repoRoot, String version, Service service) {
		return repoRoot.resolve(service.module()).resolve("target").resolve(service.module() + "-" + version + ".jar");
	}

	/** The repository root: {@code -Dtributary.repo.root} (set by the build), else found from the working directory. */
	public static Path repoRoot() {
		String configured = System.getProperty("tributary.repo.root");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		Path dir = Path.of("").toAbsolutePath();
		return Files.isDirectory(dir.resolve("system-tests")) ? dir : dir.getParent();
	}

	public static String projectVersion() {
		return System.getProperty("tributary.version", "0.1.0-SNAPSHOT");
	}

	/** Starts every service at once (start-up overlaps) and waits until all are ready. */
	public ServiceCluster start() {
		log.info("Starting {}", this.services);
		for (Service s : this.services) {
			this.processes.get(s).start();
		}
		List<CompletableFuture<Void>> ready = new ArrayList<>();
		for (Service s : this.services) {
			ready.add(CompletableFuture.runAsync(() -> awaitReady(s)));
		}
		try {
			CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw (cause instanceof RuntimeException r) ? r : new IllegalStateException(cause);
		}
		log.info("All services ready: {}", this.ports);
		return this;
	}

	public URI baseUri(Service service) {
		return URI.create("http://127.0.0.1:" + port(service));
	}

	public int port(Service service) {
		Integer port = this.ports.get(service);
		if (port == null) {
			throw new IllegalArgumentException(service + " is not part of this cluster");
		}
		return port;
	}

	public boolean isAlive(Service service) {
		return process(service).isAlive();
	}

	public long pid(Service service) {
		return process(service).pid();
	}

	/** SIGKILL, as a crash: returns the exit code (137 on Linux). */
	public int kill(Service service) {
		int code = process(service).kill();
		log.info("Killed {} (exit code {})", service, code);
		return code;
	}

	/** Starts a stopped or killed service again with the same arguments and port; waits until ready. */
	public void restart(Service service) {
		ManagedProcess p = process(service);
		if (p.isAlive()) {
			throw new IllegalStateException(service + " is still running; kill or stop it first");
		}
		p.start();
		awaitReady(service);
		log.info("Restarted {}", service);
	}

	/** Graceful stop (SIGTERM, SIGKILL after 30 s); returns the exit code. */
	public int stop(Service service) {
		return process(service).stop(Duration.ofSeconds(30));
	}

	public Path logFile(Service service) {
		return process(service).logFile();
	}

	public String logTail(Service service, int lines) {
		return process(service).logTail(lines);
	}

	/** The tail of every service's log, headed by its name, for a failure message. */
	public String logTails(int lines) {
		StringBuilder text = new StringBuilder();
		for (Service s : this.services) {
			text.append(System.lineSeparator()).append("----- ").append(logFile(s)).append(" (last ").append(lines)
				.append(" lines) -----").append(System.lineSeparator()).append(logTail(s, lines));
		}
		return text.toString();
	}

	/** Stops every service gracefully, in parallel. */
	@Override
	public void close() {
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (Service s : this.services) {
			ManagedProcess p = this.processes.get(s);
			if (p.isAlive()) {
				stops.add(CompletableFuture.runAsync(() -> p.stop(Duration.ofSeconds(20))));
			}
		}
		stops.forEach((f) -> {
			try {
				f.get(60, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				log.warn("Stopping a service failed: {}", ex.toString());
			}
		});
	}

	private void awaitReady(Service service) {
		ManagedProcess p = process(service);
		URI readiness = baseUri(service).resolve("/actuator/health/readiness");
		long deadline = System.nanoTime() + this.readinessTimeout.toNanos();
		String last = "no answer yet";
		while (System.nanoTime() < deadline) {
			if (!p.isAlive()) {
				throw new IllegalStateException(service.module() + " exited with code " + p.exitCode()
						+ " before it was ready. Log " + p.logFile() + ":" + System.lineSeparator() + p.logTail(80));
			}
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(10)).GET().build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
				last = "HTTP " + response.statusCode() + " " + response.body();
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + service.module(), ex);
			}
			sleep(250);
		}
		throw new IllegalStateException(service.module() + " was not ready within " + this.readinessTimeout + " ("
				+ readiness + ": " + last + "). Log " + p.logFile() + ":" + System.lineSeparator() + p.logTail(80));
	}

	private ManagedProcess process(Service service) {
		ManagedProcess p = this.processes.get(service);
		if (p == null) {
			throw new IllegalArgumentException(service + " is not part of this cluster");
		}
		return p;
	}

	private static void requireJar(Service service, Path jar) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Missing " + service.module() + " jar: " + jar + System.lineSeparator()
					+ "The system tests run the four services as built jars. Build them first, from the repository root: "
					+ "./mvnw -q package -DskipTests -pl " + service.module() + " -am"
					+ " (or ./mvnw verify, which builds every service before system-tests).");
		}
	}

	private static int freePort(Set<Integer> taken) {
		for (int attempt = 0; attempt < 20; attempt++) {
			try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
				int port = socket.getLocalPort();
				if (taken.add(port)) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("No free port", ex);
			}
		}
		throw new IllegalStateException("No free port after 20 attempts");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** What to start and how. */
	public static final class Builder {

		private Path repoRoot = ServiceCluster.repoRoot();

		private String version = projectVersion();

		private String namespace = "tributary";

		private Path pipelineFile = Path.of("pipelines/example.yaml");

		private Path logDir = Path.of("target/e2e-logs/cluster");

		private final Map<String, String> properties = new LinkedHashMap<>();

		private final Map<Service, Path> jars = new EnumMap<>(Service.class);

		private final Map<Service, List<String>> extraArgs = new EnumMap<>(Service.class);

		private List<String> jvmArgs = TEST_JVM_ARGS;

		private List<Service> services = List.of(Service.values());

		private Duration readinessTimeout = Duration.ofSeconds(180);

		private Builder() {
		}

		public Builder repoRoot(Path repoRoot) {
			this.repoRoot = repoRoot;
			return this;
		}

		public Builder version(String version) {
			this.version = version;
			return this;
		}

		public Builder namespace(String namespace) {
			this.namespace = namespace;
			return this;
		}

		public Builder pipelineFile(Path pipelineFile) {
			this.pipelineFile = pipelineFile;
			return this;
		}

		public Builder logDir(Path logDir) {
			this.logDir = logDir;
			return this;
		}

		/** Spring properties passed to every service as {@code --name=value}. */
		public Builder properties(Map<String, String> properties) {
			this.properties.putAll(properties);
			return this;
		}

		public Builder jar(Service service, Path jar) {
			this.jars.put(service, jar);
			return this;
		}

		public Builder extraArgs(Service service, List<String> args) {
			this.extraArgs.put(service, List.copyOf(args));
			return this;
		}

		public Builder jvmArgs(List<String> jvmArgs) {
			this.jvmArgs = List.copyOf(jvmArgs);
			return this;
		}

		public Builder services(List<Service> services) {
			this.services = List.copyOf(services);
			return this;
		}

		public Builder readinessTimeout(Duration timeout) {
			this.readinessTimeout = timeout;
			return this;
		}

		/** Checks that every jar exists (a clear failure naming the missing one) and picks the ports. */
		public ServiceCluster build() {
			return new ServiceCluster(this);
		}

	}

}
