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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.tributary.testsupport.TestKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four services as separate processes ({@code java -jar <module>-<version>.jar}), each instance on
 * its own free port, pointed at one namespace, one pipeline file, and the given broker and Redis.
 * Ready when every {@code /actuator/health/readiness} answers 200. A service can run as several
 * instances: processing instance {@code i} of {@code n} gets {@code --tributary.processing.instance-index=i}
 * and {@code instance-count=n}, other services run identical replicas. Any instance can be killed
 * (SIGKILL) and restarted on the same port, processing also with another assignment, frozen (SIGSTOP)
 * and thawed, and processing instances of a new assignment can be added while the old ones run (a
 * rescale with overlapping ownership). Each instance's output goes to {@code <logDir>/<name>.log}: {@code <module>.log} for
 * a single instance, {@code <module>-<i>.log} for replicas, {@code processing-service-<i>of<n>.log}.
 * Every service is given the digest of one API key ({@link #apiKey()}), which the clients send.
 */
public final class ServiceCluster implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ServiceCluster.class);

	/** JVM options for tests: small heaps and quick start-up on a 2-core machine. */
	public static final List<String> TEST_JVM_ARGS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

	/**
	 * On JDK 24+, what the image's ENTRYPOINT and {@code ./tributary up} allow too: Netty (under Lettuce)
	 * loads native libraries and protobuf reads arrays through {@code sun.misc.Unsafe}, so the services
	 * run as they are deployed, and their logs do not open with the JDK's warnings.
	 */
	static final List<String> LIBRARY_ACCESS = List.of("--enable-native-access=ALL-UNNAMED",
			"--sun-misc-unsafe-memory-access=allow");

	/** Every instance ever added, in the order added; stopped ones stay (they can be restarted). */
	private final List<ServiceInstance> instances = new CopyOnWriteArrayList<>();

	private final Set<Integer> takenPorts = new HashSet<>();

	private final List<Service> services;

	private final Duration readinessTimeout;

	private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

	private final Map<Service, Path> jars = new EnumMap<>(Service.class);

	/** How each service is started: from its AOT cache ({@link AotCache}), or the plain jar. */
	private final Map<Service, AotCache.Launch> launches = new EnumMap<>(Service.class);

	private final List<String> jvmArgs;

	private final String namespace;

	private final Path pipelineFile;

	private final Map<String, String> properties;

	private final Map<Service, List<String>> extraArgs;

	private final Path logDir;

	private final TestKey apiKey;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private ServiceCluster(Builder b) {
		this.services = List.copyOf(b.services);
		this.readinessTimeout = b.readinessTimeout;
		this.jvmArgs = withLibraryAccess(b.jvmArgs);
		this.namespace = b.namespace;
		this.pipelineFile = b.pipelineFile.toAbsolutePath();
		this.properties = new LinkedHashMap<>(b.properties);
		this.extraArgs = new EnumMap<>(Service.class);
		this.extraArgs.putAll(b.extraArgs);
		this.logDir = b.logDir;
		this.apiKey = b.apiKey;
		for (Service s : this.services) {
			Path jar = b.jars.getOrDefault(s, defaultJar(b.repoRoot, b.version, s));
			requireJar(s, jar);
			this.jars.put(s, jar);
		}
		prepareLaunches(b.aotCache);
		for (Service s : this.services) {
			int count = b.instances.getOrDefault(s, 1);
			for (int i = 0; i < count; i++) {
				if (count == 1) {
					add(s, s.module(), 0, 1);
				}
				else if (s == Service.PROCESSING) {
					add(s, processingName(i, count), i, count);
				}
				else {
					add(s, s.module() + "-" + i, i, count);
				}
			}
		}
	}

	private ServiceInstance add(Service service, String name, int index, int count) {
		int port;
		synchronized (this.takenPorts) {
			port = freePort(this.takenPorts);
		}
		ManagedProcess process = new ManagedProcess(name, command(service, port, index, count),
				this.logDir.resolve("work"), this.logDir.resolve(name + ".log"));
		ServiceInstance instance = new ServiceInstance(service, name, port, process, index, count);
		this.instances.add(instance);
		return instance;
	}

	/** Each service's launch; the AOT caches are recorded (at most one training per jar, all at once) if asked. */
	private void prepareLaunches(boolean aotCache) {
		Map<Service, CompletableFuture<AotCache.Launch>> pending = new EnumMap<>(Service.class);
		for (Service s : this.services) {
			Path jar = this.jars.get(s);
			pending.put(s, !aotCache ? CompletableFuture.completedFuture(new AotCache.Launch(jar, List.of()))
					: CompletableFuture.supplyAsync(
							() -> AotCache.prepare(this.java, jar, this.jvmArgs, appArgs(s, 0, 0, 1)),
							BackgroundWork.EXECUTOR));
		}
		pending.forEach((s, launch) -> this.launches.put(s, launch.join()));
	}

	private List<String> command(Service service, int port, int index, int count) {
		AotCache.Launch launch = this.launches.get(service);
		List<String> command = new ArrayList<>();
		command.add(this.java.toString());
		command.addAll(this.jvmArgs);
		command.addAll(launch.jvmArgs());
		command.add("-jar");
		command.add(launch.jar().toString());
		command.addAll(appArgs(service, port, index, count));
		return command;
	}

	/** The application's arguments (after the jar); port 0 for a training run, which binds nothing. */
	private List<String> appArgs(Service service, int port, int index, int count) {
		List<String> command = new ArrayList<>();
		command.add("--server.port=" + port);
		command.add("--tributary.namespace=" + this.namespace);
		command.add("--tributary.pipeline-file=" + this.pipelineFile);
		this.properties.forEach((k, v) -> command.add("--" + k + "=" + v));
		// the key's digest, never the key, is on the command line
		TestKey.properties(this.apiKey).forEach((k, v) -> command.add("--" + k + "=" + v));
		command.addAll(this.extraArgs.getOrDefault(service, List.of()));
		if (service == Service.PROCESSING && count > 1) {
			command.add("--tributary.processing.instance-index=" + index);
			command.add("--tributary.processing.instance-count=" + count);
		}
		return command;
	}

	/** {@code processing-service-<i>of<n>}, with a suffix if an instance of that name exists already. */
	private String processingName(int index, int count) {
		String base = Service.PROCESSING.module() + "-" + index + "of" + count;
		String name = base;
		for (int n = 2; hasInstanceNamed(name); n++) {
			name = base + "-" + n;
		}
		return name;
	}

	private boolean hasInstanceNamed(String name) {
		return this.instances.stream().anyMatch((i) -> i.name().equals(name));
	}

	/** The services' JVM is this one's ({@code java.home}): the options it takes decide. */
	private static List<String> withLibraryAccess(List<String> jvmArgs) {
		if (Runtime.version().feature() < 24) {
			return List.copyOf(jvmArgs);
		}
		List<String> all = new ArrayList<>(LIBRARY_ACCESS);
		all.addAll(jvmArgs);
		return List.copyOf(all);
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

	/** Starts every instance at once (start-up overlaps) and waits until all are ready. */
	public ServiceCluster start() {
		List<ServiceInstance> all = List.copyOf(this.instances);
		log.info("Starting {}", all);
		startAll(all);
		log.info("All services ready: {}", all);
		return this;
	}

	/** The instances of a service, in the order they were added, running or not. */
	public List<ServiceInstance> instances(Service service) {
		return this.instances.stream().filter((i) -> i.service() == service).toList();
	}

	/** The instances of a service that are running. */
	public List<ServiceInstance> running(Service service) {
		return instances(service).stream().filter(ServiceInstance::isAlive).toList();
	}

	/** The first instance of a service: the one the single-instance methods act on. */
	public ServiceInstance instance(Service service) {
		return instances(service).stream()
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(service + " is not part of this cluster"));
	}

	/**
	 * Adds processing instances {@code 0..count-1} of {@code count}, each on a new port with its own log,
	 * starts them all at once and waits until they are ready. Instances already running keep running
	 * with their assignment, so ownership overlaps until they are stopped.
	 */
	public List<ServiceInstance> startProcessing(int count) {
		if (!this.jars.containsKey(Service.PROCESSING)) {
			throw new IllegalArgumentException(Service.PROCESSING + " is not part of this cluster");
		}
		List<ServiceInstance> added = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			added.add(add(Service.PROCESSING, processingName(i, count), i, count));
		}
		log.info("Starting {}", added);
		startAll(added);
		log.info("Ready: {}", added);
		return added;
	}

	/**
	 * Starts a stopped or killed processing instance again on its port, with another assignment
	 * ({@code index} of {@code count}): how a StatefulSet pod comes back after the instance count
	 * changed. Its log file stays the same. Waits until it is ready.
	 */
	public void restartProcessing(ServiceInstance instance, int index, int count) {
		requireMember(instance);
		if (instance.service() != Service.PROCESSING) {
			throw new IllegalArgumentException(instance + " is not a processing instance");
		}
		if (index < 0 || index >= count) {
			throw new IllegalArgumentException("instance index " + index + " is not in [0, " + count + ")");
		}
		if (instance.isAlive()) {
			throw new IllegalStateException(instance + " is still running; kill or stop it first");
		}
		// restart builds the command from the instance's assignment
		instance.assignment(index, count);
		restart(instance);
	}

	/** The API key every service of the cluster accepts (scope {@code admin}); clients send its {@code key()}. */
	public TestKey apiKey() {
		return this.apiKey;
	}

	public URI baseUri(Service service) {
		return instance(service).baseUri();
	}

	public int port(Service service) {
		return instance(service).port();
	}

	public boolean isAlive(Service service) {
		return instance(service).isAlive();
	}

	public long pid(Service service) {
		return instance(service).pid();
	}

	/** SIGKILL, as a crash: returns the exit code (137 on Linux). */
	public int kill(Service service) {
		return kill(instance(service));
	}

	/** SIGKILL, as a crash: returns the exit code (137 on Linux). */
	public int kill(ServiceInstance instance) {
		requireMember(instance);
		int code = instance.process().kill();
		log.info("Killed {} (exit code {})", instance, code);
		return code;
	}

	/**
	 * Freezes a service's process (SIGSTOP): it stays alive, holding its connections and state, but
	 * runs nothing until {@link #thaw(Service)}.
	 */
	public void freeze(Service service) {
		freeze(instance(service));
	}

	/** Freezes an instance's process (SIGSTOP) until {@link #thaw(ServiceInstance)}. */
	public void freeze(ServiceInstance instance) {
		requireMember(instance);
		instance.process().freeze();
		log.info("Froze {} (pid {})", instance, instance.pid());
	}

	/** Lets a frozen service run again (SIGCONT). */
	public void thaw(Service service) {
		thaw(instance(service));
	}

	/** Lets a frozen instance run again (SIGCONT). */
	public void thaw(ServiceInstance instance) {
		requireMember(instance);
		instance.process().thaw();
		log.info("Thawed {} (pid {})", instance, instance.pid());
	}

	/** Whether a service's process is frozen (stopped by a signal) now. */
	public boolean isFrozen(Service service) {
		return instance(service).process().isFrozen();
	}

	/** Starts a stopped or killed service again with the same arguments and port; waits until ready. */
	public void restart(Service service) {
		restart(instance(service));
	}

	/** Starts a stopped or killed instance again with its arguments and port; waits until ready. */
	public void restart(ServiceInstance instance) {
		restart(instance, 0);
	}

	/**
	 * As {@link #restart(ServiceInstance)}, the process at {@code niceness} ({@code nice -n}, 0-19): a
	 * benchmark's way to see how much of a restart's cost to the others is its start-up's CPU on cores
	 * they share (on separate machines it shares none). Later restarts run at the niceness they name.
	 */
	public void restart(ServiceInstance instance, int niceness) {
		requireMember(instance);
		if (niceness < 0 || niceness > 19) {
			throw new IllegalArgumentException("niceness must be between 0 and 19, got " + niceness);
		}
		ManagedProcess p = instance.process();
		if (p.isAlive()) {
			throw new IllegalStateException(instance + " is still running; kill or stop it first");
		}
		List<String> command = command(instance.service(), instance.port(), instance.instanceIndex(),
				instance.instanceCount());
		if (niceness > 0) {
			List<String> niced = new ArrayList<>(List.of("nice", "-n", Integer.toString(niceness)));
			niced.addAll(command);
			command = niced;
		}
		p.command(command);
		p.start();
		awaitReady(instance);
		log.info("Restarted {}", instance);
	}

	/** Graceful stop (SIGTERM, SIGKILL after 30 s); returns the exit code. */
	public int stop(Service service) {
		return stop(instance(service));
	}

	/** Graceful stop (SIGTERM, SIGKILL after 30 s); returns the exit code. */
	public int stop(ServiceInstance instance) {
		requireMember(instance);
		int code = instance.process().stop(Duration.ofSeconds(30));
		log.info("Stopped {} (exit code {})", instance, code);
		return code;
	}

	/** Stops instances gracefully, all at once; returns their exit codes in the same order. */
	public List<Integer> stop(List<ServiceInstance> instances) {
		instances.forEach(this::requireMember);
		List<CompletableFuture<Integer>> stops = instances.stream()
			.map((i) -> CompletableFuture.supplyAsync(() -> stop(i), BackgroundWork.EXECUTOR))
			.toList();
		return stops.stream().map(CompletableFuture::join).toList();
	}

	public Path logFile(Service service) {
		return instance(service).logFile();
	}

	public String logTail(Service service, int lines) {
		return instance(service).logTail(lines);
	}

	/** The tail of every instance's log, headed by its file, for a failure message. */
	public String logTails(int lines) {
		StringBuilder text = new StringBuilder();
		for (ServiceInstance i : this.instances) {
			text.append(System.lineSeparator()).append("----- ").append(i.logFile()).append(" (last ").append(lines)
				.append(" lines) -----").append(System.lineSeparator()).append(i.logTail(lines));
		}
		return text.toString();
	}

	/** Stops every instance gracefully, in parallel. */
	@Override
	public void close() {
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (ServiceInstance i : this.instances) {
			ManagedProcess p = i.process();
			if (p.isFrozen()) {
				// a frozen process would only take SIGTERM once thawed: a test that failed mid-freeze
				p.thaw();
			}
			if (p.isAlive()) {
				stops.add(CompletableFuture.runAsync(() -> p.stop(Duration.ofSeconds(20)),
						BackgroundWork.EXECUTOR));
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

	private void startAll(List<ServiceInstance> instances) {
		for (ServiceInstance i : instances) {
			i.process().start();
		}
		List<CompletableFuture<Void>> ready = new ArrayList<>();
		for (ServiceInstance i : instances) {
			ready.add(CompletableFuture.runAsync(() -> awaitReady(i), BackgroundWork.EXECUTOR));
		}
		try {
			CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw (cause instanceof RuntimeException r) ? r : new IllegalStateException(cause);
		}
	}

	private void requireMember(ServiceInstance instance) {
		if (!this.instances.contains(instance)) {
			throw new IllegalArgumentException(instance + " is not part of this cluster");
		}
	}

	private void awaitReady(ServiceInstance instance) {
		ManagedProcess p = instance.process();
		URI readiness = instance.baseUri().resolve("/actuator/health/readiness");
		long deadline = System.nanoTime() + this.readinessTimeout.toNanos();
		String last = "no answer yet";
		while (System.nanoTime() < deadline) {
			if (!p.isAlive()) {
				throw new IllegalStateException(instance.name() + " exited with code " + p.exitCode()
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
				throw new IllegalStateException("Interrupted while waiting for " + instance.name(), ex);
			}
			sleep(250);
		}
		throw new IllegalStateException(instance.name() + " was not ready within " + this.readinessTimeout + " ("
				+ readiness + ": " + last + "). Log " + p.logFile() + ":" + System.lineSeparator() + p.logTail(80));
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

		private final Map<Service, Integer> instances = new EnumMap<>(Service.class);

		private List<String> jvmArgs = TEST_JVM_ARGS;

		private List<Service> services = List.of(Service.values());

		private Duration readinessTimeout = Duration.ofSeconds(180);

		private TestKey apiKey = TestKey.admin("system-tests");

		private boolean aotCache = !"false".equals(System.getProperty("tributary.aot-cache"));

		private Builder() {
		}

		/**
		 * Whether the services start from a JVM AOT cache recorded once per jar ({@link AotCache}; on
		 * Java 25 and later): default true, {@code -Dtributary.aot-cache=false} turns it off.
		 */
		public Builder aotCache(boolean aotCache) {
			this.aotCache = aotCache;
			return this;
		}

		/** The API key the services accept (default: a new random admin key named {@code system-tests}). */
		public Builder apiKey(TestKey apiKey) {
			this.apiKey = apiKey;
			return this;
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

		/**
		 * How many instances of a service to start (default 1). Processing instance {@code i} of
		 * {@code count > 1} gets {@code --tributary.processing.instance-index=i} and
		 * {@code --tributary.processing.instance-count=count}; other services run identical replicas.
		 */
		public Builder instances(Service service, int count) {
			if (count < 1) {
				throw new IllegalArgumentException("at least one instance of " + service + ", not " + count);
			}
			this.instances.put(service, count);
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
