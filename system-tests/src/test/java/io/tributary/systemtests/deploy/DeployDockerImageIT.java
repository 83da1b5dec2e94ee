package io.tributary.systemtests.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.tributary.systemtests.deploy.Dockerfile.Instruction;
import io.tributary.systemtests.deploy.Dockerfile.Stage;
import io.tributary.systemtests.launch.Service;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Dockerfile's own commands on the built jars, without a Docker engine: for each service, the
 * layers stage's COPY and RUN instructions are carried out in a directory (the extraction with the
 * jarmode tools runs for real), the final stage's COPY, ENV and WORKDIR lay out the image's files,
 * and its ENTRYPOINT starts the service with the image's environment and the environment
 * docker-compose.yml gives it, pointed at the test RabbitMQ and Redis under a namespace of its own.
 * The image's HEALTHCHECK must then pass, and SIGTERM must stop the service gracefully.
 */
// four services started as the image starts them, with full JIT: alone, not beside another system test
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployDockerImageIT {

	private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

	private final Dockerfile dockerfile = Dockerfile.parse(Repository.read("Dockerfile"));

	private final ComposeFile compose = ComposeFile.load();

	private final Path javaBin = Path.of(System.getProperty("java.home"), "bin");

	private final String namespace = TestInfrastructure.newNamespace("deploy-it");

	private final Map<Service, Image> images = new EnumMap<>(Service.class);

	private final Map<Service, Process> processes = new EnumMap<>(Service.class);

	private final Map<Service, Integer> ports = new EnumMap<>(Service.class);

	/** The key the services accept, from a keys file as compose mounts its secret. */
	private final TestKey apiKey = TestKey.admin("deploy-it");

	private Path work;

	/** An image laid out in a directory: its root, working directory, environment and commands. */
	record Image(Path root, Path workdir, Map<String, String> env, List<String> entrypoint, List<String> healthCheck,
			Map<String, String> files) {
	}

	@BeforeAll
	void buildImagesAndStartThem() throws IOException {
		this.work = Repository.path("system-tests/target/deploy-it").resolve(this.namespace);
		Files.createDirectories(this.work);
		for (Service s : Service.values()) {
			this.images.put(s, buildImage(s));
		}
		for (Service s : Service.values()) {
			this.processes.put(s, start(s));
		}
	}

	@AfterAll
	void stopEverythingAndCleanUp() throws IOException {
		this.processes.values().forEach(Process::destroyForcibly);
		TestInfrastructure.deleteRedisNamespace(this.namespace);
		// the laid-out images are some 100 MB each; the logs stay
		for (Service s : Service.values()) {
			deleteTree(this.work.resolve(s.module()));
		}
	}

	@Test
	@Order(1)
	void everyServiceBecomesHealthyByTheImagesOwnHealthCheck() throws Exception {
		for (Service s : Service.values()) {
			awaitHealthy(s);
		}
	}

	@Test
	@Order(2)
	void theServicesTakeNamespaceAndPipelineFileFromTheComposeEnvironment() throws Exception {
		TestInfrastructure.Rabbit rabbit = TestInfrastructure.rabbit();
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(rabbit.host());
		factory.setPort(rabbit.port());
		factory.setUsername(rabbit.username());
		factory.setPassword(rabbit.password());
		factory.setVirtualHost(rabbit.virtualHost());
		try (Connection connection = factory.newConnection()) {
			// declared by ingestion (required-groups), processing (its partitions) and storage
			for (String queue : List.of(".events.processing", ".keyed.window-0", ".results.storage")) {
				try (Channel channel = connection.createChannel()) {
					channel.queueDeclarePassive(this.namespace + queue);
				}
			}
		}
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> pipelines = http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.ports.get(Service.QUERY) + "/api/v1/pipelines"))
			.header("Authorization", this.apiKey.bearer())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(pipelines.statusCode()).isEqualTo(200);
		assertThat(pipelines.body()).contains("campaign-views");
	}

	@Test
	@Order(3)
	void theJvmRunsWithTheImagesOptions() throws IOException {
		for (Service s : Service.values()) {
			assertThat(Files.readString(log(s)))
				.contains("Picked up JAVA_TOOL_OPTIONS: " + this.images.get(s).env().get("JAVA_TOOL_OPTIONS"))
				// the libraries' native access and Unsafe use are allowed by the command, not warned of
				.doesNotContain("WARNING: A restricted method")
				.doesNotContain("WARNING: A terminally deprecated method in sun.misc.Unsafe");
		}
	}

	@Test
	@Order(4)
	void sigtermStopsEveryServiceGracefullyWithinTheComposeGracePeriod() throws Exception {
		this.processes.values().forEach(Process::destroy);
		for (Service s : Service.values()) {
			Duration grace = ServiceConfig
				.duration(String.valueOf(this.compose.service(s.module()).get("stop_grace_period")));
			Process p = this.processes.get(s);
			assertThat(p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)).as(s.module() + " exited within " + grace)
				.isTrue();
			// 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal
			assertThat(p.exitValue()).as(s.module() + " exit code").isEqualTo(143);
			assertThat(Files.readString(log(s))).as(s.module()).contains("Graceful shutdown complete");
		}
	}

	@Test
	@Order(5)
	void theServicesWriteNothingIntoTheImageSoItsRootCanBeReadOnly() throws IOException {
		for (Service s : Service.values()) {
			assertThat(files(this.images.get(s).root())).as(s.module()).isEqualTo(this.images.get(s).files());
		}
	}

	// --- the image, from the Dockerfile ---------------------------------------------------------------------

	private Image buildImage(Service service) throws IOException {
		Map<String, Object> build = Maps.map(this.compose.service(service.module()).get("build"), "build");
		Map<String, String> args = new LinkedHashMap<>();
		Maps.map(build.get("args"), "build.args").forEach((k, v) -> args.put(k, String.valueOf(v)));
		Path dir = this.work.resolve(service.module());
		Stage buildStage = this.dockerfile.stages().getFirst();
		Stage layers = DockerfileTests.layersStage(this.dockerfile);

		// the layers stage, for real: copy the jar the build made, run the stage's commands
		Path layersRoot = dir.resolve("layers-root");
		Path workdir = layersRoot;
		for (Instruction i : layers.instructions()) {
			switch (i.keyword()) {
				case "ARG" -> assertThat(args).as("build argument of line " + i.line()).containsKey(i.arguments());
				case "WORKDIR" -> workdir = Files.createDirectories(inside(layersRoot, Dockerfile.substitute(i.arguments(), args)));
				case "COPY" -> {
					assertThat(i.flags()).containsEntry("from", buildStage.name());
					String[] operands = Dockerfile.substitute(i.operands(), args).split(" ");
					Files.copy(fromBuildStage(buildStage, operands[0]), workdir.resolve(operands[1]));
				}
				case "RUN" -> run(i, workdir, args, dir.resolve("build.log"));
				default -> fail("the image test does not know how to carry out line " + i.line() + ": " + i.keyword());
			}
		}

		// the final stage: the image's files, environment and commands
		Path root = dir.resolve("image-root");
		Path finalWorkdir = root;
		Map<String, String> env = new LinkedHashMap<>();
		List<String> entrypoint = null;
		List<String> healthCheck = null;
		for (Instruction i : this.dockerfile.finalStage().instructions()) {
			Map<String, String> variables = new LinkedHashMap<>(args);
			variables.putAll(env);
			switch (i.keyword()) {
				case "ARG", "LABEL" -> {
				}
				// creating the image's user needs root; the user itself is checked by DockerfileTests
				case "RUN" -> assertThat(i.operands()).startsWith("useradd ");
				case "USER" -> assertThat(i.arguments()).matches("[1-9]\\d*:\\d+");
				case "WORKDIR" -> finalWorkdir = Files.createDirectories(inside(root, Dockerfile.substitute(i.arguments(), variables)));
				case "COPY" -> copyIntoImage(i, args, layersRoot, root, finalWorkdir);
				case "ENV" -> Dockerfile.environment(i).forEach((k, v) -> env.put(k, Dockerfile.substitute(v, variables)));
				case "EXPOSE" -> assertThat(Dockerfile.substitute(i.arguments(), variables)).isEqualTo(args.get("PORT"));
				case "HEALTHCHECK" -> healthCheck = DockerfileTests.healthCheckCommand(this.dockerfile);
				case "ENTRYPOINT" -> entrypoint = i.execForm().orElseThrow();
				default -> fail("the image test does not know how to carry out line " + i.line() + ": " + i.keyword());
			}
		}
		assertThat(entrypoint).as("ENTRYPOINT").isNotNull();
		assertThat(healthCheck).as("HEALTHCHECK").isNotNull();
		return new Image(root, finalWorkdir, env, entrypoint, healthCheck, files(root));
	}

	/** A path of the build stage: it copied the repository to its WORKDIR and built the jars there. */
	private Path fromBuildStage(Stage build, String path) throws IOException {
		String workdir = build.workdir() + "/";
		assertThat(build.all("COPY").getFirst().operands()).isEqualTo(". .");
		assertThat(path).startsWith(workdir);
		Path pattern = Repository.root().resolve(path.substring(workdir.length()));
		PathMatcher matcher = pattern.getFileSystem().getPathMatcher("glob:" + pattern);
		try (Stream<Path> found = Files.list(pattern.getParent())) {
			List<Path> matches = found.filter(matcher::matches).toList();
			assertThat(matches).as("files matching " + path).hasSize(1);
			return matches.getFirst();
		}
	}

	private void copyIntoImage(Instruction copy, Map<String, String> args, Path layersRoot, Path root, Path workdir)
			throws IOException {
		String[] operands = Dockerfile.substitute(copy.operands(), args).split(" ");
		Path source = copy.flags().containsKey("from") ? inside(layersRoot, operands[0])
				: Repository.root().resolve(operands[0]);
		Path target = operands[1].startsWith("/") ? inside(root, operands[1]) : workdir.resolve(operands[1]);
		assertThat(source).as("COPY source of line " + copy.line()).exists();
		if (Files.isDirectory(source)) {
			copyTree(source, target);
		}
		else {
			Files.createDirectories(target.getParent());
			Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
			if ("755".equals(copy.flags().get("chmod"))) {
				assertThat(target.toFile().setExecutable(true, false)).isTrue();
			}
		}
	}

	private void run(Instruction run, Path workdir, Map<String, String> args, Path log) throws IOException {
		ProcessBuilder pb = new ProcessBuilder("sh", "-c", run.operands()).directory(workdir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		pb.environment().putAll(args);
		pb.environment().put("PATH", this.javaBin + File.pathSeparator + System.getenv("PATH"));
		try {
			Process p = pb.start();
			assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("line " + run.line() + " finished").isTrue();
			assertThat(p.exitValue()).as("exit code of line %d (%s), output in %s", run.line(), run.operands(), log)
				.isZero();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// --- running it --------------------------------------------------------------------------------------------

	private Process start(Service service) throws IOException {
		Image image = this.images.get(service);
		TestInfrastructure.Rabbit rabbit = TestInfrastructure.rabbit();
		TestInfrastructure.Redis redis = TestInfrastructure.redis();
		Map<String, String> composeEnv = this.compose.environment(service.module(),
				Map.of("TRIBUTARY_NAMESPACE", this.namespace, "RABBITMQ_USERNAME", rabbit.username(),
						"RABBITMQ_PASSWORD", rabbit.password()));
		int port = freePort();
		this.ports.put(service, port);
		Map<String, String> env = new LinkedHashMap<>();
		env.put("PATH", this.javaBin + ":/usr/bin:/bin");
		env.put("HOME", System.getProperty("java.io.tmpdir"));
		env.putAll(image.env());
		env.putAll(composeEnv);
		// where compose's names (rabbitmq, redis) and published ports are, on this machine
		env.put("SERVER_PORT", String.valueOf(port));
		if (env.containsKey("SPRING_RABBITMQ_HOST")) {
			env.put("SPRING_RABBITMQ_HOST", rabbit.host());
			env.put("SPRING_RABBITMQ_PORT", String.valueOf(rabbit.port()));
			env.put("SPRING_RABBITMQ_VIRTUAL_HOST", rabbit.virtualHost());
		}
		env.put("SPRING_DATA_REDIS_HOST", redis.host());
		env.put("SPRING_DATA_REDIS_PORT", String.valueOf(redis.port()));
		// the shared test Redis has no password
		env.remove("SPRING_DATA_REDIS_PASSWORD");
		env.put("TRIBUTARY_PIPELINE_FILE", hostPath(service, composeEnv.get("TRIBUTARY_PIPELINE_FILE")).toString());
		Path keys = this.work.resolve("api-keys");
		Files.writeString(keys, this.apiKey.keysFileLine() + "\n");
		env.put("TRIBUTARY_SECURITY_KEYS_FILE", keys.toString());

		List<String> command = new ArrayList<>(image.entrypoint());
		command.set(0, onPath(command.getFirst(), env.get("PATH"), image.root()).toString());
		ProcessBuilder pb = new ProcessBuilder(command).directory(image.workdir().toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log(service).toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		pb.environment().clear();
		pb.environment().putAll(env);
		return pb.start();
	}

	/** The file behind a container path, through the service's bind mounts in docker-compose.yml. */
	private Path hostPath(Service service, String containerPath) {
		for (ComposeFile.Mount mount : this.compose.mounts(service.module())) {
			if (mount.bind() && containerPath.startsWith(mount.target() + "/")) {
				Path host = Repository.root().resolve(mount.source())
					.resolve(containerPath.substring(mount.target().length() + 1))
					.normalize();
				assertThat(host).isRegularFile();
				return host;
			}
		}
		throw new AssertionError(containerPath + " is in no bind mount of " + service.module());
	}

	/** PATH lookup as in the image: java is the JRE's, other commands are the image's own files. */
	private Path onPath(String command, String path, Path imageRoot) {
		if (command.contains("/")) {
			return Path.of(command);
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, command);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		Path inImage = imageRoot.resolve("usr/local/bin").resolve(command);
		assertThat(inImage).as(command + " on the image's PATH").isExecutable();
		return inImage;
	}

	private void awaitHealthy(Service service) throws Exception {
		Image image = this.images.get(service);
		Process process = this.processes.get(service);
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		List<String> check = new ArrayList<>(image.healthCheck());
		check.set(0, onPath(check.getFirst(), this.javaBin.toString(), image.root()).toString());
		while (true) {
			ProcessBuilder pb = new ProcessBuilder(check).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD);
			pb.environment().put("SERVER_PORT", String.valueOf(this.ports.get(service)));
			Process p = pb.start();
			if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
				return;
			}
			p.destroyForcibly();
			if (!process.isAlive()) {
				fail(service.module() + " exited (" + process.exitValue() + ") before it was healthy:\n" + tail(service));
			}
			if (System.nanoTime() > deadline) {
				fail(service.module() + " not healthy after " + READY_TIMEOUT + ":\n" + tail(service));
			}
			Thread.sleep(1000);
		}
	}

	private Path log(Service service) {
		return this.work.resolve(service.module() + ".log");
	}

	private String tail(Service service) throws IOException {
		List<String> lines = Files.readAllLines(log(service));
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

	// --- files ---------------------------------------------------------------------------------------------------

	private static Path inside(Path root, String absolute) {
		return root.resolve(absolute.replaceFirst("^/+", "")).normalize();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		Files.createDirectories(to);
		Files.walkFileTree(from, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Files.createDirectories(to.resolve(from.relativize(dir).toString()));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
				return FileVisitResult.CONTINUE;
			}

		});
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> all = Files.walk(root)) {
			for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	/** Every file of the tree with its size and modification time. */
	private static Map<String, String> files(Path root) {
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> all = Files.walk(root)) {
			all.forEach((p) -> {
				try {
					files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
							: Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
