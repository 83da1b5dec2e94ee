package io.tributary.systemtests.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tributary.systemtests.deploy.KubernetesModel.ScaledObject;
import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * deploy/k8s rendered with {@code kubectl kustomize} (every overlay, and base with every component), read
 * against the Kubernetes API model and checked against {@link ManifestPolicy}. No cluster is needed.
 */
class KubernetesManifestsTests {

	@TempDir
	static Path scratch;

	static Manifests dev;

	static Manifests prod;

	/** The base with every component, so components that no overlay uses are rendered and checked too. */
	static Manifests allComponents;

	@BeforeAll
	static void render() throws IOException {
		dev = Manifests.render("overlays/dev", Repository.path("deploy/k8s/overlays/dev"));
		prod = Manifests.render("overlays/prod", prodCopy("with-keys", "ops 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef admin\n"));
		allComponents = Manifests.render("base + all components", allComponentsKustomization());
	}

	/** A kustomization under target/ (kustomize wants relative paths) using base and every component. */
	private static Path allComponentsKustomization() throws IOException {
		Path dir = Repository.path("system-tests/target/deploy-tests/all-components");
		Files.createDirectories(dir);
		Path k8s = Repository.path("deploy/k8s");
		List<String> components = new ArrayList<>();
		try (Stream<Path> found = Files.list(k8s.resolve("components"))) {
			found.filter(Files::isDirectory).sorted().forEach((c) -> components.add(dir.relativize(c).toString()));
		}
		StringBuilder text = new StringBuilder();
		text.append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: tributary-check\n");
		text.append("resources:\n  - ").append(dir.relativize(k8s.resolve("base"))).append('\n');
		text.append("components:\n");
		components.forEach((c) -> text.append("  - ").append(c).append('\n'));
		// a namespace other than the default, to see it reach the KEDA queue name
		text.append("configMapGenerator:\n  - name: tributary-config\n    behavior: merge\n    literals:\n")
			.append("      - namespace=acme\n");
		Files.writeString(dir.resolve("kustomization.yaml"), text);
		assertThat(components).hasSizeGreaterThanOrEqualTo(6);
		return dir;
	}

	/**
	 * deploy/k8s copied without the prod overlay's git-ignored keys file, then given {@code keys} as that
	 * file unless null: the prod overlay as an operator who wrote it (or not) renders it.
	 */
	private static Path prodCopy(String name, String keys) throws IOException {
		Path source = Repository.path("deploy/k8s");
		Path copy = Repository.path("system-tests/target/deploy-tests/prod-" + name + "/k8s");
		if (Files.exists(copy)) {
			try (Stream<Path> old = Files.walk(copy)) {
				old.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
		}
		try (Stream<Path> files = Files.walk(source)) {
			for (Path from : files.toList()) {
				Path to = copy.resolve(source.relativize(from).toString());
				if (Files.isDirectory(from)) {
					Files.createDirectories(to);
				}
				else if (!source.relativize(from).toString().equals("overlays/prod/api-keys")) {
					Files.copy(from, to);
				}
			}
		}
		if (keys != null) {
			Files.writeString(copy.resolve("overlays/prod/api-keys"), keys);
		}
		return copy.resolve("overlays/prod");
	}

	@Test
	void prodDoesNotRenderWithoutItsKeysFileAndSaysWhichFile() throws IOException {
		Path overlay = prodCopy("without-keys", null);

		assertThatIllegalStateException().isThrownBy(() -> Kustomize.render(overlay))
			.withMessageContaining(overlay.resolve("api-keys").toString())
			.withMessageContaining("no such file or directory");
		assertThat(Repository.read("deploy/k8s/overlays/prod/.gitignore").lines()).contains("api-keys");
	}

	@Test
	void everyRenderingKeepsThePolicy() {
		Set<String> operatorSecrets = operatorSecrets();
		List<String> violations = new ArrayList<>();
		for (Manifests m : List.of(dev, prod, allComponents)) {
			violations.addAll(ManifestPolicy.check(m, operatorSecrets, scratch.resolve(m.source().replace(' ', '_'))));
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void devRunsEveryServiceWithAnInClusterBrokerAndRedis() {
		assertThat(dev.workloads()).extracting(Manifests.Workload::name)
			.containsExactlyInAnyOrder("ingestion-service", "processing-service", "storage-service", "query-service",
					"rabbitmq", "redis");
		assertThat(dev.all(Secret.class)).extracting((s) -> s.getMetadata().getName())
			.containsExactlyInAnyOrder("tributary-rabbitmq", "tributary-redis", "tributary-api-keys");
		ConfigMap config = dev.generatedConfigMap("tributary-config").orElseThrow();
		assertThat(config.getData()).containsEntry("rabbitmq-host", "rabbitmq").containsEntry("redis-host", "redis");
		assertThat(dev.all(HorizontalPodAutoscaler.class)).isEmpty();
	}

	@Test
	void prodHasReplicasBudgetsAutoscalingAndPoliciesAndNoCredentialsOfItsOwn() {
		StatefulSet processing = prod.named(StatefulSet.class, "processing-service").orElseThrow();
		assertThat(processing.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
		// the instances stand by for each other: on different nodes where the cluster has them
		assertThat(processing.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
			.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement().satisfies((term) -> {
				assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
				assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
					.isEqualTo(processing.getSpec().getSelector().getMatchLabels());
			});
		assertThat(prod.all(HorizontalPodAutoscaler.class)).extracting((h) -> h.getSpec().getScaleTargetRef().getName())
			.containsExactlyInAnyOrder("ingestion-service", "storage-service", "query-service");
		assertThat(prod.all(HorizontalPodAutoscaler.class)).allSatisfy(
				(h) -> assertThat(h.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2));
		assertThat(prod.all(PodDisruptionBudget.class)).extracting((p) -> p.getMetadata().getName())
			.containsExactlyInAnyOrder("ingestion-service", "processing-service", "storage-service", "query-service");
		assertThat(prod.all(NetworkPolicy.class)).isNotEmpty();
		// the operator's keys file is the one Secret the overlay makes; broker and Redis credentials it only reads
		assertThat(prod.all(Secret.class)).extracting((secret) -> secret.getMetadata().getName())
			.containsExactly("tributary-api-keys");
		assertThat(prod.generatedConfigMap("tributary-config").orElseThrow().getData())
			.containsEntry("rabbitmq-ssl-enabled", "true")
			.containsEntry("redis-ssl-enabled", "true");
	}

	@Test
	void kedaReplacesTheStorageAutoscalerAndWatchesTheNamespacedQueue() {
		assertThat(allComponents.all(HorizontalPodAutoscaler.class))
			.extracting((h) -> h.getSpec().getScaleTargetRef().getName())
			.containsExactlyInAnyOrder("ingestion-service", "query-service");
		ScaledObject storage = allComponents.all(ScaledObject.class).getFirst();
		assertThat(storage.spec().scaleTargetRef().name()).isEqualTo("storage-service");
		// storage-service consumes destination ${tributary.namespace}.results with group storage
		assertThat(storage.spec().triggers()).anySatisfy(
				(t) -> assertThat(t.metadata()).containsEntry("queueName", "acme.results.storage"));
	}

	@Test
	void externalKafkaSwitchesTheBrokerServicesToTheKafkaProfile() {
		for (Service s : List.of(Service.INGESTION, Service.PROCESSING, Service.STORAGE)) {
			var env = allComponents.workload(s.module()).orElseThrow().template().getSpec().getContainers().getFirst()
				.getEnv();
			assertThat(env).anySatisfy((e) -> {
				assertThat(e.getName()).isEqualTo("SPRING_PROFILES_ACTIVE");
				assertThat(e.getValue()).isEqualTo("kafka");
			});
			assertThat(env).extracting((e) -> e.getName()).contains("SPRING_KAFKA_BOOTSTRAP_SERVERS");
			// the profile exists in the service and switches its bindings to the Kafka binder
			assertThat(ServiceConfig.of(s).kafkaProfileYaml()).as("%s application-kafka.yml", s.module())
				.containsEntry("spring.cloud.stream.default-binder", "kafka");
		}
		var query = allComponents.workload("query-service").orElseThrow().template().getSpec().getContainers().getFirst()
			.getEnv();
		assertThat(query).extracting((e) -> e.getName()).doesNotContain("SPRING_PROFILES_ACTIVE", "SPRING_RABBITMQ_HOST");
	}

	@Test
	void externalRedisSentinelPointsEveryServiceAtTheSentinelsOfTheConfigMap() {
		Map<String, String> config = allComponents.generatedConfigMap("tributary-config").orElseThrow().getData();
		for (Service s : Service.values()) {
			var env = allComponents.workload(s.module()).orElseThrow().template().getSpec().getContainers().getFirst()
				.getEnv();
			for (String[] variable : List.of(new String[] { "SPRING_DATA_REDIS_SENTINEL_MASTER", "redis-sentinel-master" },
					new String[] { "SPRING_DATA_REDIS_SENTINEL_NODES", "redis-sentinel-nodes" })) {
				assertThat(env).as(s.module()).anySatisfy((e) -> {
					assertThat(e.getName()).isEqualTo(variable[0]);
					// the generated ConfigMap's name, with its content hash
					assertThat(e.getValueFrom().getConfigMapKeyRef().getName()).startsWith("tributary-config-");
					assertThat(e.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo(variable[1]);
				});
				assertThat(config).containsKey(variable[1]);
			}
			// the sentinels' own password is optional: many run without one
			assertThat(env).as(s.module()).anySatisfy((e) -> {
				assertThat(e.getName()).isEqualTo("SPRING_DATA_REDIS_SENTINEL_PASSWORD");
				assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tributary-redis");
				assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
			});
		}
		assertThat(config.get("redis-sentinel-nodes").split(",")).hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy((node) -> assertThat(node).matches("[a-z0-9.-]+:\\d+"));
	}

	@Test
	void externalRedisClusterPointsEveryServiceAtTheClusterNodesAndWritesWaitForAReplica() {
		for (Service s : Service.values()) {
			var env = allComponents.workload(s.module()).orElseThrow().template().getSpec().getContainers().getFirst()
				.getEnv();
			assertThat(env).anySatisfy((e) -> {
				assertThat(e.getName()).isEqualTo("SPRING_DATA_REDIS_CLUSTER_NODES");
				assertThat(e.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("redis-cluster-nodes");
			});
			assertThat(ServiceConfig.of(s).catalog().bindsEnvironmentVariable("SPRING_DATA_REDIS_CLUSTER_NODES"))
				.as("%s binds the cluster nodes", s.module()).isTrue();
			boolean checkpointsWait = env.stream()
				.anyMatch((e) -> e.getName().equals("TRIBUTARY_PROCESSING_CHECKPOINT_REPLICAS_TO_WAIT"));
			assertThat(checkpointsWait).as("%s checkpoints wait for replicas", s.module())
				.isEqualTo(s == Service.PROCESSING);
			boolean storesWait = env.stream().anyMatch((e) -> e.getName().equals("TRIBUTARY_STORAGE_REPLICAS_TO_WAIT"));
			assertThat(storesWait).as("%s stores wait for replicas", s.module()).isEqualTo(s == Service.STORAGE);
		}
		assertThat(ServiceConfig.of(Service.PROCESSING).catalog()
			.bindsEnvironmentVariable("TRIBUTARY_PROCESSING_CHECKPOINT_REPLICAS_TO_WAIT")).isTrue();
		assertThat(ServiceConfig.of(Service.STORAGE).catalog().bindsEnvironmentVariable("TRIBUTARY_STORAGE_REPLICAS_TO_WAIT"))
			.isTrue();
	}

	@Test
	void theTlsComponentsPointTheSslBundlesAtFilesOfMountedSecrets() {
		for (Service s : Service.values()) {
			var pod = allComponents.workload(s.module()).orElseThrow().template().getSpec();
			var c = pod.getContainers().getFirst();
			Map<String, String> env = new LinkedHashMap<>();
			c.getEnv().forEach((e) -> env.put(e.getName(), e.getValue()));
			boolean rabbit = ServiceConfig.of(s).usesRabbit();
			assertThat(env).as(s.module()).containsEntry("SPRING_DATA_REDIS_SSL_BUNDLE", "redis")
				.containsEntry("SERVER_SSL_BUNDLE", "server");
			assertThat(env.containsKey("SPRING_RABBITMQ_SSL_BUNDLE")).as(s.module() + " rabbitmq bundle").isEqualTo(rabbit);
			List<String> files = new ArrayList<>();
			for (String bundle : rabbit ? List.of("REDIS", "RABBITMQ") : List.of("REDIS")) {
				for (String part : List.of("TRUSTSTORE_CERTIFICATE", "KEYSTORE_CERTIFICATE", "KEYSTORE_PRIVATEKEY")) {
					files.add(env.get("SPRING_SSL_BUNDLE_PEM_" + bundle + "_" + part));
				}
			}
			files.add(env.get("SPRING_SSL_BUNDLE_PEM_SERVER_KEYSTORE_CERTIFICATE"));
			files.add(env.get("SPRING_SSL_BUNDLE_PEM_SERVER_KEYSTORE_PRIVATEKEY"));
			// every file is in a directory where a Secret is mounted
			for (String file : files) {
				assertThat(file).as(s.module()).isNotNull().startsWith("file:/etc/tributary/tls/");
				String directory = file.substring("file:".length(), file.lastIndexOf('/'));
				var mount = c.getVolumeMounts().stream().filter((m) -> m.getMountPath().equals(directory)).findFirst();
				assertThat(mount).as("%s mounts %s", s.module(), directory).isPresent();
				assertThat(pod.getVolumes()).as(s.module())
					.anySatisfy((v) -> {
						assertThat(v.getName()).isEqualTo(mount.get().getName());
						assertThat(v.getSecret()).isNotNull();
					});
			}
			// the probes follow the port to HTTPS
			for (var probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
				assertThat(probe.getHttpGet().getScheme()).as(s.module()).isEqualTo("HTTPS");
			}
		}
		assertThat(allComponents.generatedConfigMap("tributary-config").orElseThrow().getData())
			.containsEntry("rabbitmq-ssl-enabled", "true")
			.containsEntry("redis-ssl-enabled", "true")
			.containsEntry("rabbitmq-port", "5671");
	}

	@Test
	void theBaseShipsTheExamplePipelineFileUnchanged() {
		// kustomize reads files only below the kustomization, so base keeps a copy: it must not drift
		assertThat(Repository.read("deploy/k8s/base/pipelines/example.yaml"))
			.isEqualTo(Repository.read("pipelines/example.yaml"));
	}

	@Test
	void everyServiceReadsItsApiKeysFromTheSecretAndDoesNotStartWithoutIt() {
		for (Manifests m : List.of(dev, prod)) {
			for (String name : List.of("ingestion-service", "processing-service", "storage-service", "query-service")) {
				PodSpec pod = m.workloads().stream().filter((w) -> w.name().equals(name)).findFirst().orElseThrow()
					.template().getSpec();
				Volume keys = pod.getVolumes().stream().filter((v) -> v.getSecret() != null
						&& "tributary-api-keys".equals(v.getSecret().getSecretName())).findFirst().orElseThrow();
				assertThat(keys.getSecret().getOptional()).as(name + ": the keys are required").isNotEqualTo(Boolean.TRUE);
				Container c = pod.getContainers().get(0);
				assertThat(c.getEnv()).anySatisfy((e) -> {
					assertThat(e.getName()).isEqualTo("TRIBUTARY_SECURITY_KEYS_FILE");
					assertThat(e.getValue()).isEqualTo("/etc/tributary/keys/api-keys");
				});
				assertThat(c.getVolumeMounts()).anySatisfy((v) -> {
					assertThat(v.getName()).isEqualTo(keys.getName());
					assertThat(v.getMountPath()).isEqualTo("/etc/tributary/keys");
				});
			}
		}
		assertThat(operatorSecrets()).contains("tributary-api-keys");
	}

	@Test
	void storageImportsItsNotificationTargetsFromAnOptionalSecretAsAConfigTree() {
		for (Manifests m : List.of(dev, prod, allComponents)) {
			PodSpec pod = m.workloads().stream().filter((w) -> w.name().equals("storage-service")).findFirst().orElseThrow()
				.template().getSpec();
			Volume notify = pod.getVolumes().stream().filter((v) -> v.getSecret() != null
					&& "tributary-notify".equals(v.getSecret().getSecretName())).findFirst().orElseThrow();
			// a deployment without targets (no rule notifies) still starts
			assertThat(notify.getSecret().getOptional()).as(m.source()).isTrue();
			Container c = pod.getContainers().get(0);
			assertThat(c.getVolumeMounts()).as(m.source()).anySatisfy((v) -> {
				assertThat(v.getName()).isEqualTo(notify.getName());
				assertThat(v.getMountPath()).isEqualTo("/etc/tributary/notify");
				assertThat(v.getReadOnly()).isTrue();
			});
			assertThat(c.getEnv()).as(m.source()).anySatisfy((e) -> {
				assertThat(e.getName()).isEqualTo("SPRING_CONFIG_IMPORT");
				assertThat(e.getValue()).isEqualTo("optional:configtree:/etc/tributary/notify/");
			});
			// the operator's: never deployed, so apply does not overwrite real receivers' secrets
			assertThat(m.secret("tributary-notify")).as(m.source()).isEmpty();
		}
		assertThat(operatorSecrets()).contains("tributary-notify");
	}

	@Test
	void theSecretsTheOperatorCreatesAreTheOnesTheManifestsReadButDoNotDeploy() {
		// every Secret listed in deploy/README.md is referenced somewhere, so the list does not go stale
		Set<String> referenced = new TreeSet<>();
		for (Manifests m : List.of(dev, prod, allComponents)) {
			m.workloads()
				.forEach((w) -> w.template().getSpec().getContainers().forEach((c) -> c.getEnv().forEach((e) -> {
					if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
						referenced.add(e.getValueFrom().getSecretKeyRef().getName());
					}
				})));
			m.workloads()
				.forEach((w) -> Objects.requireNonNullElse(w.template().getSpec().getVolumes(), List.<Volume>of())
					.forEach((v) -> {
						if (v.getSecret() != null) {
							referenced.add(v.getSecret().getSecretName());
						}
					}));
			m.all(KubernetesModel.TriggerAuthentication.class)
				.forEach((a) -> a.spec().secretTargetRef().forEach((r) -> referenced.add(r.name())));
		}
		assertThat(referenced).containsAll(operatorSecrets());
	}

	// --- the checks can fail ----------------------------------------------------------------------------

	@Test
	void aFieldTheApiDoesNotHaveIsRejected() {
		Map<String, Object> doc = Repository.yaml("""
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: x}
				spec:
				  selector: {matchLabels: {a: b}}
				  template:
				    metadata: {labels: {a: b}}
				    spec:
				      containers:
				        - name: x
				          image: x:1
				          livenessProbes: {}
				""");
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesModel.read(doc))
			.withMessageContaining("Deployment x")
			.withMessageContaining("livenessProbes");
	}

	@Test
	void aNumberWhereTheApiWantsAStringIsRejected() {
		Map<String, Object> doc = Repository.yaml("""
				apiVersion: v1
				kind: ConfigMap
				metadata: {name: x}
				data: {port: 8080}
				""");
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesModel.read(doc))
			.withMessageContaining("ConfigMap x");
	}

	@Test
	void anUnknownKindIsRejected() {
		Map<String, Object> doc = Repository.yaml("""
				apiVersion: apps/v1
				kind: Deploymnet
				metadata: {name: x}
				""");
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesModel.read(doc))
			.withMessageContaining("Deploymnet");
	}

	@Test
	void thePolicyReportsWhatABrokenRenderingGetsWrong() throws IOException {
		String rendered = Files.readString(Repository.path("deploy/k8s/base/processing-service.yaml"))
			.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
			.replace("value: /etc/tributary/pipelines/pipeline.yaml", "value: /etc/tributary/pipelines/missing.yaml")
			.replaceAll("(?m)^[ ]+- name: TRIBUTARY_NAMESPACE\\n(.*\\n){2}", "")
			.replace("replicas: 1", "replicas: 3")
			.replace("terminationGracePeriodSeconds: 60", "terminationGracePeriodSeconds: 30");
		List<Map<String, Object>> docs = new ArrayList<>(Repository.yamlDocuments(rendered));
		docs.add(new LinkedHashMap<>(Repository.yaml("""
				apiVersion: v1
				kind: ConfigMap
				metadata: {name: tributary-pipelines}
				data: {pipeline.yaml: "streams: {}"}
				""")));
		List<String> violations = ManifestPolicy.check(Manifests.of("broken", docs), Set.of(),
				scratch.resolve("broken"));
		assertThat(String.join("\n", violations)).contains("readOnlyRootFilesystem",
				"is not a key of ConfigMap tributary-pipelines", "does not set TRIBUTARY_NAMESPACE",
				"TRIBUTARY_PROCESSING_INSTANCE_COUNT (1) must equal replicas (3)", "terminationGracePeriodSeconds 30",
				"reads ConfigMap tributary-config", "reads Secret tributary-rabbitmq");
	}

	@Test
	void thePolicyHoldsInfrastructureContainersToTheSameRules() throws IOException {
		String rabbitmq = Files.readString(Repository.path("deploy/k8s/overlays/dev/rabbitmq.yaml"))
			.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
			.replace("runAsNonRoot: true", "runAsNonRoot: false")
			.replace("drop: [\"ALL\"]", "drop: [\"NET_RAW\"]")
			.replace("mountPath: /var/lib/rabbitmq", "mountPath: /var/lib/elsewhere");
		String redis = Files.readString(Repository.path("deploy/k8s/overlays/dev/redis.yaml"))
			.replace("image: redis:7.4-alpine", "image: valkey/valkey:8.1")
			.replace("mountPath: /data", "mountPath: /data\n              readOnly: true");
		List<Map<String, Object>> docs = new ArrayList<>(Repository.yamlDocuments(rabbitmq));
		docs.addAll(Repository.yamlDocuments(redis.replace("image: valkey/valkey:8.1", "image: redis:7.4-alpine")));
		List<String> violations = ManifestPolicy.check(Manifests.of("broken infrastructure", docs),
				Set.of("tributary-rabbitmq", "tributary-redis"), scratch.resolve("broken-infrastructure"));
		assertThat(String.join("\n", violations)).contains(
				"StatefulSet rabbitmq container rabbitmq: must run with readOnlyRootFilesystem: true",
				"StatefulSet rabbitmq container rabbitmq: must run as non-root",
				"StatefulSet rabbitmq container rabbitmq: must drop all capabilities",
				"StatefulSet rabbitmq container rabbitmq: writes to /var/lib/rabbitmq",
				"StatefulSet redis container redis: writes to /data");
		assertThat(violations).noneMatch((v) -> v.contains("container redis: must run with readOnlyRootFilesystem"));

		List<String> unknown = ManifestPolicy.check(Manifests.of("unknown image", Repository.yamlDocuments(redis)),
				Set.of("tributary-redis"), scratch.resolve("unknown-image"));
		assertThat(String.join("\n", unknown)).contains("runs image valkey/valkey:8.1, whose writable paths");
	}

	/** The Secrets deploy/README.md tells the operator to create: the `name` cells of its table. */
	static Set<String> operatorSecrets() {
		String readme = Repository.read("deploy/README.md");
		int section = readme.indexOf("## Secrets you create");
		assertThat(section).as("deploy/README.md has a section \"Secrets you create\"").isNotNegative();
		int end = readme.indexOf("\n## ", section + 1);
		String table = readme.substring(section, (end < 0) ? readme.length() : end);
		Set<String> names = new TreeSet<>();
		Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(table);
		while (m.find()) {
			names.add(m.group(1));
		}
		assertThat(names).as("Secrets listed in deploy/README.md").isNotEmpty();
		return names;
	}

}
