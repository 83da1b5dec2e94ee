package io.tributary.systemtests.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose/redis-cluster.yaml, the override that runs the services on a six-node Redis Cluster,
 * checked without a Docker engine: the nodes run in cluster mode with persistence and a health check,
 * the one-shot job joins exactly them after they are healthy, and every service starts after it and
 * connects to exactly those nodes through variables that bind to its properties.
 */
class ComposeRedisClusterOverrideTests {

	private final ComposeFile base = ComposeFile.load();

	private final ComposeFile cluster = ComposeFile.load("deploy/compose/redis-cluster.yaml");

	@Test
	void sixNodesInClusterModeWithPersistenceAHealthCheckAndAMemoryLimit() {
		assertThat(nodes()).hasSize(6);
		for (String node : nodes()) {
			Map<String, Object> service = this.cluster.service(node);
			assertThat(this.base.services()).as("%s is new", node).doesNotContainKey(node);
			String command = String.join(" ", Maps.list(service.get("command"), node + ".command")
				.stream()
				.map(String::valueOf)
				.toList());
			assertThat(command).contains("--cluster-enabled yes", "--appendonly yes", "--requirepass",
					"--masterauth", "--cluster-announce-hostname");
			assertThat(service.get("hostname")).isEqualTo(node);
			assertThat(Maps.at(service, "healthcheck.test")).as("%s health check", node).isNotNull();
			assertThat(Maps.at(service, "deploy.resources.limits.memory")).as("%s memory limit", node).isNotNull();
		}
	}

	@Test
	void theCreateJobJoinsEveryNodeOnceTheyAreHealthy() {
		Map<String, Object> job = this.cluster.service("redis-cluster-create");
		Map<String, Object> dependsOn = Maps.map(job.get("depends_on"), "redis-cluster-create.depends_on");
		assertThat(dependsOn.keySet()).containsExactlyInAnyOrderElementsOf(nodes());
		dependsOn.forEach((node, spec) -> assertThat(Maps.map(spec, node).get("condition")).isEqualTo("service_healthy"));
		String script = String.join(" ", Maps.list(job.get("command"), "command").stream().map(String::valueOf).toList());
		assertThat(script).contains("--cluster create", "--cluster-replicas 1", "--cluster-yes", "for n in 1 2 3 4 5 6");
		assertThat(job.get("restart")).isEqualTo("no");
	}

	@Test
	void everyServiceStartsAfterTheClusterIsCreatedAndConnectsToItsNodes() {
		for (Service s : Service.values()) {
			Map<String, Object> service = this.cluster.service(s.module());
			assertThat(Maps.at(service, "depends_on.redis-cluster-create.condition"))
				.isEqualTo("service_completed_successfully");
			Map<String, String> env = this.cluster.environment(s.module(), Map.of());
			ServiceConfig config = ServiceConfig.of(s);
			for (String name : env.keySet()) {
				assertThat(config.catalog().bindsEnvironmentVariable(name)).as("%s binds to a property of %s", name,
						s.module()).isTrue();
			}
			assertThat(List.of(env.get("SPRING_DATA_REDIS_CLUSTER_NODES").split(",")))
				.containsExactlyElementsOf(nodes().stream().map((node) -> node + ":6379").toList());
			assertThat(env.containsKey("TRIBUTARY_PROCESSING_CHECKPOINT_REPLICAS_TO_WAIT"))
				.as("%s checkpoints wait for replicas", s.module())
				.isEqualTo(s == Service.PROCESSING);
			assertThat(env.containsKey("TRIBUTARY_STORAGE_REPLICAS_TO_WAIT")).as("%s stores wait for replicas", s.module())
				.isEqualTo(s == Service.STORAGE);
		}
	}

	private List<String> nodes() {
		List<String> nodes = new ArrayList<>();
		for (String name : this.cluster.services().keySet()) {
			if (name.startsWith("redis-node-")) {
				nodes.add(name);
			}
		}
		return nodes;
	}

}
