package io.tributary.systemtests.deploy;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose/tls.yaml, the override that puts TLS between the services and RabbitMQ and Redis,
 * checked without a Docker engine: its variables bind to the services' properties, its bundles' files
 * are in the mounted directory, and the services connect to the ports where the servers listen for TLS.
 */
class ComposeTlsOverrideTests {

	private static final String TLS_DIR = "/etc/tributary/tls/";

	private final ComposeFile base = ComposeFile.load();

	private final ComposeFile tls = ComposeFile.load("deploy/compose/tls.yaml");

	@Test
	void overridesOnlyServicesOfTheComposeFile() {
		assertThat(this.base.services().keySet()).containsAll(this.tls.services().keySet());
		assertThat(this.tls.services().keySet()).contains("rabbitmq", "redis");
		for (Service s : Service.values()) {
			assertThat(this.tls.services()).containsKey(s.module());
		}
	}

	@Test
	void everyServiceGetsTheBundlesOfTheServersItUsesAndNothingElse() {
		for (Service s : Service.values()) {
			ServiceConfig config = ServiceConfig.of(s);
			Map<String, String> env = this.tls.environment(s.module(), Map.of());
			for (String name : env.keySet()) {
				assertThat(config.catalog().bindsEnvironmentVariable(name)).as("%s binds to a property of %s", name,
						s.module()).isTrue();
			}
			assertThat(env).containsEntry("SPRING_DATA_REDIS_SSL_BUNDLE", "redis");
			if (config.usesRabbit()) {
				assertThat(env).containsEntry("SPRING_RABBITMQ_SSL_BUNDLE", "rabbitmq");
			}
			else {
				assertThat(env.keySet()).noneMatch((n) -> n.startsWith("SPRING_RABBITMQ_") || n.contains("_RABBITMQ_"));
			}
			// every file a bundle reads is in the directory mounted from ./deploy/compose/tls
			assertThat(this.tls.mounts(s.module())).anySatisfy((m) -> {
				assertThat(m.source()).isEqualTo("./deploy/compose/tls");
				assertThat(m.target() + "/").isEqualTo(TLS_DIR);
				assertThat(m.readOnly()).isTrue();
			});
			env.forEach((name, value) -> {
				if (name.startsWith("SPRING_SSL_BUNDLE_PEM_")) {
					assertThat(value).as(name).startsWith("file:" + TLS_DIR);
				}
			});
		}
		assertThat(Repository.path("deploy/compose/tls")).isDirectory();
	}

	@Test
	void theServicesConnectWhereTheServersListenForTls() throws Exception {
		List<Object> command = Maps.list(this.tls.service("redis").get("command"), "redis.command");
		String redis = String.join(" ", command.stream().map(String::valueOf).toList());
		assertThat(redis).contains("--port 0", "--tls-cert-file " + TLS_DIR + "server.crt",
				"--tls-key-file " + TLS_DIR + "server.key", "--tls-ca-cert-file " + TLS_DIR + "ca.crt");
		// the base command is kept: password, AOF, memory policy
		List<Object> baseCommand = Maps.list(this.base.service("redis").get("command"), "redis.command");
		assertThat(command.subList(0, baseCommand.size())).isEqualTo(baseCommand);

		Properties rabbitmq = new Properties();
		rabbitmq.load(new java.io.StringReader(Repository.read("deploy/compose/rabbitmq-tls.conf")));
		assertThat(rabbitmq).containsEntry("listeners.tcp", "none")
			.containsEntry("ssl_options.cacertfile", TLS_DIR + "ca.crt");
		assertThat(this.tls.mounts("rabbitmq")).anySatisfy((m) -> {
			assertThat(m.source()).isEqualTo("./deploy/compose/rabbitmq-tls.conf");
			assertThat(m.target()).startsWith("/etc/rabbitmq/conf.d/");
		});

		for (Service s : Service.values()) {
			Map<String, String> env = this.tls.environment(s.module(), Map.of());
			assertThat(redis).contains("--tls-port " + env.get("SPRING_DATA_REDIS_PORT"));
			assertThat(Maps.list(this.tls.service("redis").get("ports"), "ports"))
				.contains(env.get("SPRING_DATA_REDIS_PORT") + ":" + env.get("SPRING_DATA_REDIS_PORT"));
			if (ServiceConfig.of(s).usesRabbit()) {
				assertThat(rabbitmq.getProperty("listeners.ssl.default")).isEqualTo(env.get("SPRING_RABBITMQ_PORT"));
			}
		}
		List<Object> check = Maps.list(Maps.at(this.tls.service("redis"), "healthcheck.test"), "healthcheck.test");
		assertThat(check).contains("--tls", "6380");
	}

}
