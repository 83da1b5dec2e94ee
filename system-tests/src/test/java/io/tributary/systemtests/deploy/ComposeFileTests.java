package io.tributary.systemtests.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * docker-compose.yml checked without a Docker engine: it parses, uses only compose attributes, and every
 * service, port, environment variable, volume and profile it names exists in the code and the repository.
 */
class ComposeFileTests {

	/** Service attributes of the Compose Specification that this file may use (a guard against typos). */
	private static final Set<String> SERVICE_ATTRIBUTES = Set.of("build", "cap_add", "cap_drop", "command",
			"container_name", "depends_on", "deploy", "entrypoint", "env_file", "environment", "expose", "healthcheck",
			"image", "init", "labels", "logging", "mem_limit", "networks", "pids_limit", "ports", "profiles",
			"read_only", "restart", "secrets", "security_opt", "stop_grace_period", "stop_signal", "tmpfs", "ulimits",
			"user", "volumes", "working_dir");

	private static final Set<String> HEALTHCHECK_ATTRIBUTES = Set.of("test", "interval", "timeout", "retries",
			"start_period", "start_interval", "disable");

	private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
			"service_completed_successfully");

	private static final Set<String> BROKERS = Set.of("rabbitmq", "kafka");

	private final ComposeFile compose = ComposeFile.load();

	@Test
	void usesOnlyComposeAttributes() {
		for (String key : this.compose.root().keySet()) {
			assertThat(key).as("top-level key").matches("name|services|volumes|networks|configs|secrets|x-.+");
		}
		this.compose.services().forEach((name, raw) -> {
			Map<String, Object> service = Maps.map(raw, name);
			assertThat(SERVICE_ATTRIBUTES).as("attributes of service " + name).containsAll(service.keySet());
			assertThat(HEALTHCHECK_ATTRIBUTES).as(name + ".healthcheck")
				.containsAll(Maps.mapOrEmpty(service.get("healthcheck"), name).keySet());
			Maps.mapOrEmpty(service.get("depends_on"), name).forEach((dependency, spec) -> {
				Map<String, Object> condition = Maps.map(spec, name + ".depends_on." + dependency);
				assertThat(Set.of("condition", "required", "restart")).containsAll(condition.keySet());
				assertThat(CONDITIONS).contains(String.valueOf(condition.get("condition")));
			});
		});
	}

	@Test
	void interpolationsAreWellFormed() {
		Matcher m = Pattern.compile("\\$(\\$|\\{[^}]*}|.)").matcher(this.compose.text());
		while (m.find()) {
			String use = m.group();
			assertThat(use.equals("$$") || ComposeFile.VARIABLE.matcher(use).matches())
				.as("'%s' is compose interpolation (or $$ for a literal $)", use)
				.isTrue();
		}
		assertThat(ComposeFile.interpolate("${A:-x}-${B-y}-${C}-$$D", Map.of("B", ""))).isEqualTo("x--" + "-$D");
		assertThatIllegalArgumentException().isThrownBy(() -> ComposeFile.interpolate("${A:?set A}", Map.of()));
	}

	@Test
	void everyContainerHasAHealthCheckAndAMemoryLimit() {
		this.compose.services().forEach((name, raw) -> {
			Map<String, Object> service = Maps.map(raw, name);
			assertThat(Maps.at(service, "healthcheck.test")).as(name + " health check").isNotNull();
			assertThat(Maps.at(service, "deploy.resources.limits.memory")).as(name + " memory limit").isNotNull();
		});
	}

	@Test
	void servicesStartOnlyWhenWhatTheyDependOnIsHealthy() {
		this.compose.services().forEach((name, raw) -> {
			Map<String, Object> dependsOn = Maps.mapOrEmpty(Maps.map(raw, name).get("depends_on"), name);
			dependsOn.forEach((dependency, spec) -> {
				assertThat(this.compose.services()).as(name + " depends on " + dependency).containsKey(dependency);
				if ("service_healthy".equals(Maps.map(spec, dependency).get("condition"))) {
					assertThat(Maps.at(this.compose.service(dependency), "healthcheck.test"))
						.as(dependency + " has the health check " + name + " waits for")
						.isNotNull();
				}
			});
		});
		for (Service s : Service.values()) {
			ServiceConfig config = ServiceConfig.of(s);
			Map<String, Object> dependsOn = Maps.mapOrEmpty(this.compose.service(s.module()).get("depends_on"), s.module());
			if (config.usesRedis()) {
				assertThat(Maps.at(dependsOn, "redis.condition")).isEqualTo("service_healthy");
			}
			if (config.usesRabbit()) {
				assertThat(Maps.at(dependsOn, "rabbitmq.condition")).isEqualTo("service_healthy");
				// Kafka runs only in its profile: an optional dependency
				assertThat(Maps.at(dependsOn, "kafka.condition")).isEqualTo("service_healthy");
				assertThat(Maps.at(dependsOn, "kafka.required")).isEqualTo(false);
			}
			else {
				assertThat(dependsOn.keySet()).as(s.module() + " uses no broker").doesNotContainAnyElementsOf(BROKERS);
			}
		}
	}

	@Test
	void theFourServicesAreBuiltFromTheDockerfileWithTheirModuleAndPort() {
		Set<String> declaredArgs = new HashSet<>();
		Dockerfile.parse(Repository.read("Dockerfile")).stages()
			.forEach((st) -> st.all("ARG").forEach((a) -> declaredArgs.add(a.arguments().split("=")[0])));
		for (Service s : Service.values()) {
			Map<String, Object> service = this.compose.service(s.module());
			int port = ServiceConfig.of(s).defaultPort();
			assertThat(Maps.at(service, "build.context")).isEqualTo(".");
			assertThat(Repository.path(String.valueOf(Maps.at(service, "build.dockerfile")))).isRegularFile();
			Map<String, Object> args = Maps.map(Maps.at(service, "build.args"), s.module() + ".build.args");
			assertThat(args).containsEntry("SERVICE", s.module()).containsEntry("PORT", String.valueOf(port));
			assertThat(declaredArgs).containsAll(args.keySet());
			assertThat(Repository.path(s.module() + "/pom.xml")).isRegularFile();
			assertThat(service.get("image")).isEqualTo("tributary/" + s.module() + ":${TRIBUTARY_VERSION:-"
					+ Repository.version() + "}");
			assertThat(Maps.list(service.get("ports"), "ports")).containsExactly(port + ":" + port);
			assertThat(this.compose.environment(s.module(), Map.of())).containsEntry("SERVER_PORT", String.valueOf(port));
		}
	}

	@Test
	void everyVariableAServiceNeedsIsSetAndEveryVariableBindsToAProperty() {
		for (Service s : Service.values()) {
			ServiceConfig config = ServiceConfig.of(s);
			Map<String, String> env = this.compose.environment(s.module(), Map.of());
			assertThat(env.keySet()).as(s.module()).containsAll(config.requiredEnvironment());
			for (String name : env.keySet()) {
				assertThat(config.catalog().bindsEnvironmentVariable(name))
					.as("%s binds to a property of %s", name, s.module())
					.isTrue();
			}
			if (!config.usesRabbit()) {
				assertThat(env.keySet()).as(s.module() + " gets no broker settings")
					.noneMatch((n) -> n.startsWith("SPRING_RABBITMQ_") || n.startsWith("SPRING_KAFKA_"));
			}
		}
		Map<String, String> processing = this.compose.environment(Service.PROCESSING.module(), Map.of());
		assertThat(processing.get("TRIBUTARY_PROCESSING_INSTANCE_COUNT")).isEqualTo("1");
		assertThat(processing.get("TRIBUTARY_PROCESSING_INSTANCE_INDEX")).isEqualTo("0");
	}

	@Test
	void theServicesConnectToTheBrokerAndRedisOfThisFileWithItsCredentials() {
		Map<String, String> vars = Map.of("RABBITMQ_USERNAME", "u", "RABBITMQ_PASSWORD", "p", "REDIS_PASSWORD", "r");
		Map<String, String> rabbit = this.compose.environment("rabbitmq", vars);
		for (Service s : Service.values()) {
			Map<String, String> env = this.compose.environment(s.module(), vars);
			if (ServiceConfig.of(s).usesRabbit()) {
				assertThat(this.compose.services()).containsKey(env.get("SPRING_RABBITMQ_HOST"));
				assertThat(env.get("SPRING_RABBITMQ_USERNAME")).isEqualTo(rabbit.get("RABBITMQ_DEFAULT_USER")).isEqualTo("u");
				assertThat(env.get("SPRING_RABBITMQ_PASSWORD")).isEqualTo(rabbit.get("RABBITMQ_DEFAULT_PASS")).isEqualTo("p");
				assertThat(Maps.list(this.compose.service("rabbitmq").get("ports"), "ports"))
					.contains(env.get("SPRING_RABBITMQ_PORT") + ":" + env.get("SPRING_RABBITMQ_PORT"));
				assertThat(this.compose.services())
					.containsKey(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS").split(":")[0]);
			}
			assertThat(this.compose.services()).containsKey(env.get("SPRING_DATA_REDIS_HOST"));
			assertThat(env.get("SPRING_DATA_REDIS_PASSWORD")).isEqualTo("r");
		}
		List<Object> redis = Maps.list(this.compose.service("redis").get("command"), "redis.command");
		String command = String.join(" ", redis.stream().map((o) -> ComposeFile.interpolate(String.valueOf(o), vars))
			.toList());
		assertThat(command).contains("--requirepass r", "--appendonly yes", "--appendfsync always");
		// the management UI
		assertThat(String.valueOf(this.compose.service("rabbitmq").get("image"))).endsWith("-management");
		assertThat(Maps.list(this.compose.service("rabbitmq").get("ports"), "ports")).contains("15672:15672");
		assertThat(String.valueOf(this.compose.service("kafka").get("image"))).startsWith("apache/kafka:");
		assertThat(this.compose.environment("kafka", Map.of()).get("KAFKA_ADVERTISED_LISTENERS"))
			.isEqualTo("PLAINTEXT://" + this.compose.environment(Service.INGESTION.module(), Map.of())
				.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
	}

	@Test
	void thePipelineFileIsMountedReadOnlyAndLoads() {
		for (Service s : Service.values()) {
			String file = this.compose.environment(s.module(), Map.of()).get("TRIBUTARY_PIPELINE_FILE");
			ComposeFile.Mount mount = this.compose.mounts(s.module())
				.stream()
				.filter((m) -> file.startsWith(m.target() + "/"))
				.findFirst()
				.orElseThrow(() -> new AssertionError(s.module() + ": " + file + " is in no mounted volume"));
			assertThat(mount.bind()).isTrue();
			assertThat(mount.readOnly()).isTrue();
			Path onHost = Repository.root().resolve(mount.source()).resolve(file.substring(mount.target().length() + 1));
			assertThat(onHost).isRegularFile();
			assertThat(PipelineFileLoader.load(onHost).pipelines()).isNotEmpty();
		}
	}

	@Test
	void everyServiceTakesItsApiKeysFromASecretFile() {
		Map<String, Object> secrets = Maps.map(this.compose.root().get("secrets"), "secrets");
		assertThat(Maps.map(secrets.get("tributary-api-keys"), "secrets.tributary-api-keys").get("file"))
			.isEqualTo("${TRIBUTARY_API_KEYS_FILE:-./.tributary/api-keys}");
		for (Service s : Service.values()) {
			assertThat(this.compose.service(s.module()).get("secrets")).as(s.module())
				.isEqualTo(List.of("tributary-api-keys"));
			assertThat(this.compose.environment(s.module(), Map.of()))
				.containsEntry("TRIBUTARY_SECURITY_KEYS_FILE", "/run/secrets/tributary-api-keys");
		}
	}

	@Test
	void everyVolumeIsDeclaredOrAnExistingPath() {
		Set<String> declared = Maps.mapOrEmpty(this.compose.root().get("volumes"), "volumes").keySet();
		for (String service : this.compose.services().keySet()) {
			for (ComposeFile.Mount mount : this.compose.mounts(service)) {
				if (mount.bind()) {
					assertThat(Files.exists(Repository.root().resolve(mount.source())))
						.as(service + " mounts " + mount.source())
						.isTrue();
				}
				else {
					assertThat(declared).as(service + " uses volume " + mount.source()).contains(mount.source());
				}
			}
		}
	}

	@Test
	void profilesAddKafkaAndPrometheusAndSwitchTheServicesSpringProfile() {
		this.compose.services().forEach((name, raw) -> {
			Object profiles = Maps.map(raw, name).get("profiles");
			switch (name) {
				case "kafka" -> assertThat(profiles).isEqualTo(List.of("kafka"));
				case "prometheus", "grafana" -> assertThat(profiles).isEqualTo(List.of("prometheus"));
				case "redis-replica", "redis-sentinel-1", "redis-sentinel-2", "redis-sentinel-3" ->
					assertThat(profiles).isEqualTo(List.of("redis-sentinel"));
				default -> assertThat(profiles).as(name + " always runs").isNull();
			}
		});
		for (Service s : List.of(Service.INGESTION, Service.PROCESSING, Service.STORAGE)) {
			assertThat(this.compose.environment(s.module(), Map.of("COMPOSE_PROFILES", "kafka")))
				.containsEntry("SPRING_PROFILES_ACTIVE", "kafka");
			assertThat(this.compose.environment(s.module(), Map.of())).containsEntry("SPRING_PROFILES_ACTIVE", "");
		}
	}

	@Test
	void theRedisSentinelProfilePointsEveryServiceAtThreeSentinelsThatMonitorRedisWithAReplica() {
		Map<String, String> vars = Map.of("COMPOSE_PROFILES", "redis-sentinel", "REDIS_PASSWORD", "r");
		// the sentinels and the replica, in the profile
		List<String> sentinels = List.of("redis-sentinel-1", "redis-sentinel-2", "redis-sentinel-3");
		for (String sentinel : sentinels) {
			String command = ComposeFile.interpolate(
					String.join(" ", Maps.list(this.compose.service(sentinel).get("command"), sentinel).stream()
						.map(String::valueOf)
						.toList()), vars);
			assertThat(command).as(sentinel)
				.contains("'sentinel monitor tributary redis 6379 2'", "\"sentinel auth-pass tributary $REDIS_PASSWORD\"",
						"'port 26379'", "--sentinel");
			assertThat(this.compose.environment(sentinel, vars)).containsEntry("REDIS_PASSWORD", "r");
			assertThat(this.compose.mounts(sentinel)).as("%s keeps what it learned across restarts", sentinel)
				.anySatisfy((m) -> assertThat(m.target()).isEqualTo("/data"));
		}
		String replica = String.join(" ", Maps.list(this.compose.service("redis-replica").get("command"), "command")
			.stream()
			.map((o) -> ComposeFile.interpolate(String.valueOf(o), vars))
			.toList());
		assertThat(replica).contains("--replicaof redis 6379", "--masterauth r", "--requirepass r", "--appendonly yes",
				"--appendfsync always");
		// the services: the profile is their Spring profile, its file is in their additional config location
		Map<String, Object> settings = Maps.flatten(
				Repository.yaml(Repository.read("deploy/compose/spring/application-redis-sentinel.yml")));
		assertThat(settings).containsEntry("spring.data.redis.sentinel.master", "tributary")
			.containsEntry("spring.data.redis.sentinel.password", "${spring.data.redis.password}");
		assertThat(String.valueOf(settings.get("spring.data.redis.sentinel.nodes")).split(","))
			.containsExactlyElementsOf(sentinels.stream().map((name) -> name + ":26379").toList());
		for (Service s : Service.values()) {
			Map<String, String> env = this.compose.environment(s.module(), vars);
			assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "redis-sentinel");
			String location = env.get("SPRING_CONFIG_ADDITIONAL_LOCATION");
			assertThat(location).isEqualTo("optional:file:/etc/tributary/config/");
			String directory = location.substring("optional:file:".length(), location.length() - 1);
			assertThat(this.compose.mounts(s.module())).as(s.module()).anySatisfy((m) -> {
				assertThat(m.target()).isEqualTo(directory);
				assertThat(m.source()).isEqualTo("./deploy/compose/spring");
				assertThat(m.readOnly()).isTrue();
			});
			for (String property : settings.keySet()) {
				assertThat(ServiceConfig.of(s).catalog().bindsEnvironmentVariable(
						property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "")))
					.as("%s binds %s", s.module(), property)
					.isTrue();
			}
			Map<String, Object> dependsOn = Maps.map(this.compose.service(s.module()).get("depends_on"), s.module());
			for (String sentinel : sentinels) {
				assertThat(Maps.at(dependsOn, sentinel + ".condition")).isEqualTo("service_healthy");
				assertThat(Maps.at(dependsOn, sentinel + ".required")).isEqualTo(false);
			}
		}
	}

	@Test
	void prometheusScrapesEveryServiceWhereItServesMetrics() {
		Map<String, Object> prometheus = Repository.yaml(Repository.read("deploy/compose/prometheus.yml"));
		Map<String, Object> job = Maps.list(prometheus.get("scrape_configs"), "scrape_configs")
			.stream()
			.map((j) -> Maps.map(j, "job"))
			.filter((j) -> "tributary".equals(j.get("job_name")))
			.findFirst()
			.orElseThrow();
		assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
		List<Object> targets = Maps.list(Maps.map(Maps.list(job.get("static_configs"), "static_configs").getFirst(),
				"static_config").get("targets"), "targets");
		for (Service s : Service.values()) {
			ServiceConfig config = ServiceConfig.of(s);
			assertThat(targets).contains(s.module() + ":" + config.defaultPort());
			assertThat(String.valueOf(config.applicationYaml().get("management.endpoints.web.exposure.include")))
				.as(s.module() + " exposes /actuator/prometheus")
				.contains("prometheus");
		}
		assertThat(this.compose.mounts("prometheus")).anySatisfy(
				(m) -> assertThat(m.source()).isEqualTo("./deploy/compose/prometheus.yml"));
		// the actuator beyond health needs an admin key: Prometheus reads its own from a secret
		Map<String, Object> authorization = Maps.map(job.get("authorization"), "authorization");
		assertThat(authorization).containsEntry("type", "Bearer")
			.containsEntry("credentials_file", "/run/secrets/tributary-prometheus-key");
		assertThat(this.compose.service("prometheus").get("secrets")).isEqualTo(List.of("tributary-prometheus-key"));
		Map<String, Object> secrets = Maps.map(this.compose.root().get("secrets"), "secrets");
		assertThat(Maps.map(secrets.get("tributary-prometheus-key"), "secrets.tributary-prometheus-key").get("file"))
			.isEqualTo("${TRIBUTARY_PROMETHEUS_KEY_FILE:-./.tributary/prometheus-key}");
	}

	@Test
	void serviceContainersRunHardenedAndStopGracefully() {
		for (Service s : Service.values()) {
			Map<String, Object> service = this.compose.service(s.module());
			assertThat(service.get("read_only")).isEqualTo(true);
			assertThat(Maps.list(service.get("tmpfs"), "tmpfs")).contains("/tmp");
			assertThat(Maps.list(service.get("cap_drop"), "cap_drop")).contains("ALL");
			assertThat(Maps.list(service.get("security_opt"), "security_opt")).contains("no-new-privileges:true");
			Duration grace = ServiceConfig.duration(String.valueOf(service.get("stop_grace_period")));
			assertThat(grace).isGreaterThan(ServiceConfig.of(s).shutdownTimeout());
		}
	}

	@Test
	void theHealthCheckIsTheImagesOwn() {
		List<String> imageCheck = DockerfileTests.healthCheckCommand(Dockerfile.parse(Repository.read("Dockerfile")));
		for (Service s : Service.values()) {
			List<Object> test = Maps.list(Maps.at(this.compose.service(s.module()), "healthcheck.test"), "test");
			assertThat(test.getFirst()).isEqualTo("CMD");
			assertThat(test.subList(1, test.size())).isEqualTo(imageCheck);
		}
	}

}
