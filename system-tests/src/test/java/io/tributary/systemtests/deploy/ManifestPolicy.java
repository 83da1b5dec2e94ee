package io.tributary.systemtests.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.systemtests.deploy.KubernetesModel.ScaledObject;
import io.tributary.systemtests.deploy.KubernetesModel.SecretTargetRef;
import io.tributary.systemtests.deploy.KubernetesModel.Trigger;
import io.tributary.systemtests.deploy.KubernetesModel.TriggerAuthentication;
import io.tributary.systemtests.deploy.Manifests.Workload;
import org.jspecify.annotations.Nullable;

/**
 * The rules every rendering of deploy/k8s must keep, beyond the API schema: probes, resources and
 * the security rules of {@link PodSecurityRules} on every pod; labels and selectors that find what
 * they mean; every property a service needs set, and only properties that exist; references that
 * resolve; the pipeline file loadable; processing's instance count equal to its replicas.
 * {@link #check} returns the violations, each naming the resource, so one run reports all of them.
 */
final class ManifestPolicy {

	static final String NAME_LABEL = "app.kubernetes.io/name";

	private static final Set<String> POD_INDEX_FIELD = Set.of("metadata.labels['apps.kubernetes.io/pod-index']");

	private final Manifests manifests;

	private final Set<String> operatorSecrets;

	private final Path scratch;

	private final List<String> violations = new ArrayList<>();

	private ManifestPolicy(Manifests manifests, Set<String> operatorSecrets, Path scratch) {
		this.manifests = manifests;
		this.operatorSecrets = operatorSecrets;
		this.scratch = scratch;
	}

	/**
	 * @param operatorSecrets Secrets the operator creates (deploy/README.md lists them): references to
	 * them need not resolve within the rendering
	 * @param scratch a directory for the pipeline files taken out of ConfigMaps
	 */
	static List<String> check(Manifests manifests, Set<String> operatorSecrets, Path scratch) {
		ManifestPolicy policy = new ManifestPolicy(manifests, operatorSecrets, scratch);
		policy.checkNamespaces();
		for (Workload w : manifests.workloads()) {
			policy.checkWorkload(w);
		}
		policy.checkServices();
		policy.checkAutoscalers();
		policy.checkDisruptionBudgets();
		policy.checkNetworkPolicies();
		return List.copyOf(policy.violations);
	}

	private void violation(String resource, String message) {
		this.violations.add(this.manifests.source() + ": " + resource + ": " + message);
	}

	// --- namespaces ---------------------------------------------------------------------------------------

	private void checkNamespaces() {
		List<Namespace> namespaces = this.manifests.all(Namespace.class);
		for (Namespace ns : namespaces) {
			Map<String, String> labels = Objects.requireNonNullElse(ns.getMetadata().getLabels(), Map.of());
			if (!"restricted".equals(labels.get("pod-security.kubernetes.io/enforce"))) {
				violation("Namespace " + ns.getMetadata().getName(),
						"must enforce the restricted Pod Security Standard (label pod-security.kubernetes.io/enforce)");
			}
		}
		if (namespaces.size() == 1) {
			String expected = namespaces.getFirst().getMetadata().getName();
			for (Object o : this.manifests.objects()) {
				String namespace = namespaceOf(o);
				if (!(o instanceof Namespace) && !expected.equals(namespace)) {
					violation(describe(o), "is in namespace " + namespace + ", not in " + expected);
				}
			}
		}
	}

	private static @Nullable String namespaceOf(Object o) {
		if (o instanceof HasMetadata h) {
			return h.getMetadata().getNamespace();
		}
		if (o instanceof ScaledObject s) {
			return s.metadata().getNamespace();
		}
		if (o instanceof TriggerAuthentication t) {
			return t.metadata().getNamespace();
		}
		return null;
	}

	private static String describe(Object o) {
		if (o instanceof HasMetadata h) {
			return h.getKind() + " " + h.getMetadata().getName();
		}
		if (o instanceof ScaledObject s) {
			return "ScaledObject " + s.metadata().getName();
		}
		if (o instanceof TriggerAuthentication t) {
			return "TriggerAuthentication " + t.metadata().getName();
		}
		return String.valueOf(o);
	}

	// --- workloads ----------------------------------------------------------------------------------------

	private void checkWorkload(Workload w) {
		String resource = w.kind() + " " + w.name();
		LabelSelector selector = w.selector();
		if (selector == null || !Map.of(NAME_LABEL, w.name()).equals(selector.getMatchLabels())
				|| (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty())) {
			violation(resource, "must select its pods by exactly " + NAME_LABEL + "=" + w.name());
		}
		if (!w.name().equals(w.podLabels().get(NAME_LABEL))) {
			violation(resource, "pod template must carry " + NAME_LABEL + "=" + w.name());
		}
		PodSpec pod = w.template().getSpec();
		if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
			violation(resource, "must not mount a service account token (automountServiceAccountToken: false)");
		}
		if (pod.getServiceAccountName() != null
				&& this.manifests.named(io.fabric8.kubernetes.api.model.ServiceAccount.class, pod.getServiceAccountName())
					.isEmpty()) {
			violation(resource, "uses ServiceAccount " + pod.getServiceAccountName() + ", which is not deployed");
		}
		PodSecurityRules.check(resource, pod, claimTemplates(w), this::violation);
		for (Volume v : Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of())) {
			if (v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional())
					&& this.manifests.secret(v.getSecret().getSecretName()).isEmpty()
					&& !this.operatorSecrets.contains(v.getSecret().getSecretName())) {
				violation(resource, "volume " + v.getName() + " mounts Secret " + v.getSecret().getSecretName()
						+ ", which is neither deployed nor listed among the Secrets the operator creates (deploy/README.md)");
			}
		}
		for (Container c : pod.getContainers()) {
			checkContainerBasics(resource + " container " + c.getName(), c);
			checkReferences(resource + " container " + c.getName(), c);
		}
		tributaryService(w.name()).ifPresent((service) -> checkTributaryWorkload(resource, w, service));
	}

	/** The names of a StatefulSet's volumeClaimTemplates: volumes its pods mount that the pod spec does not list. */
	private Set<String> claimTemplates(Workload w) {
		Set<String> claims = new HashSet<>();
		if ("StatefulSet".equals(w.kind())) {
			this.manifests.named(StatefulSet.class, w.name())
				.ifPresent((sts) -> Objects.requireNonNullElse(sts.getSpec().getVolumeClaimTemplates(),
						List.<PersistentVolumeClaim>of())
					.forEach((t) -> claims.add(t.getMetadata().getName())));
		}
		return claims;
	}

	private void checkContainerBasics(String where, Container c) {
		if (c.getLivenessProbe() == null || c.getReadinessProbe() == null || c.getStartupProbe() == null) {
			violation(where, "needs liveness, readiness and startup probes");
		}
		ResourceRequirements r = c.getResources();
		for (String kind : List.of("cpu", "memory")) {
			if (r == null || r.getRequests() == null || !r.getRequests().containsKey(kind)) {
				violation(where, "needs a " + kind + " request");
			}
			if (r == null || r.getLimits() == null || !r.getLimits().containsKey(kind)) {
				violation(where, "needs a " + kind + " limit");
			}
		}
		if (r != null && r.getRequests() != null && r.getLimits() != null) {
			for (String kind : List.of("cpu", "memory")) {
				Quantity request = r.getRequests().get(kind);
				Quantity limit = r.getLimits().get(kind);
				if (request != null && limit != null
						&& request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
					violation(where, kind + " request " + request + " exceeds its limit " + limit);
				}
			}
		}
		String image = c.getImage();
		if (image == null || !image.contains(":") || image.endsWith(":latest")) {
			violation(where, "image " + image + " needs an explicit tag other than latest");
		}
		Set<String> names = new HashSet<>();
		for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
			if (!names.add(e.getName())) {
				violation(where, "sets " + e.getName() + " twice");
			}
		}
	}

	/** ConfigMap and Secret references resolve (or name a Secret the operator creates). */
	private void checkReferences(String where, Container c) {
		for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
			EnvVarSource from = e.getValueFrom();
			if (from == null) {
				continue;
			}
			if (from.getConfigMapKeyRef() != null) {
				var ref = from.getConfigMapKeyRef();
				Optional<ConfigMap> cm = this.manifests.configMap(ref.getName());
				if (cm.isEmpty() || cm.get().getData() == null || !cm.get().getData().containsKey(ref.getKey())) {
					if (!Boolean.TRUE.equals(ref.getOptional())) {
						violation(where, e.getName() + " reads ConfigMap " + ref.getName() + " key " + ref.getKey()
								+ ", which is not deployed");
					}
				}
			}
			if (from.getSecretKeyRef() != null) {
				var ref = from.getSecretKeyRef();
				checkSecret(where, e.getName(), ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()));
			}
		}
	}

	private void checkSecret(String where, String user, String name, String key, boolean optional) {
		Optional<Secret> secret = this.manifests.secret(name);
		if (secret.isPresent()) {
			Set<String> keys = new HashSet<>();
			keys.addAll(Objects.requireNonNullElse(secret.get().getData(), Map.<String, String>of()).keySet());
			keys.addAll(Objects.requireNonNullElse(secret.get().getStringData(), Map.<String, String>of()).keySet());
			if (!keys.contains(key) && !optional) {
				violation(where, user + " reads key " + key + " of Secret " + name + ", which has " + keys);
			}
		}
		else if (!optional && !this.operatorSecrets.contains(name)) {
			violation(where, user + " reads Secret " + name
					+ ", which is neither deployed nor listed among the Secrets the operator creates (deploy/README.md)");
		}
	}

	// --- the four services --------------------------------------------------------------------------------

	private static Optional<io.tributary.systemtests.launch.Service> tributaryService(String workload) {
		return Arrays.stream(io.tributary.systemtests.launch.Service.values())
			.filter((s) -> s.module().equals(workload))
			.findFirst();
	}

	private void checkTributaryWorkload(String resource, Workload w, io.tributary.systemtests.launch.Service service) {
		ServiceConfig config = ServiceConfig.of(service);
		PodSpec pod = w.template().getSpec();
		if (pod.getContainers().size() != 1) {
			violation(resource, "must have exactly one container");
			return;
		}
		Container c = pod.getContainers().getFirst();
		String where = resource + " container " + c.getName();
		if (!Objects.equals(c.getImage(), "tributary/" + service.module() + ":" + Repository.version())) {
			violation(where, "image " + c.getImage() + " is not tributary/" + service.module() + ":" + Repository.version());
		}
		if (!"tributary".equals(w.podLabels().get("app.kubernetes.io/part-of"))) {
			violation(resource, "pods must carry app.kubernetes.io/part-of=tributary (network policies select it)");
		}
		Map<String, EnvVar> env = new HashMap<>();
		for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
			env.put(e.getName(), e);
		}

		// port: the one the service listens on, named http, used by every probe
		Optional<ContainerPort> http = Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of())
			.stream()
			.filter((p) -> "http".equals(p.getName()))
			.findFirst();
		int port = config.defaultPort();
		if (env.containsKey("SERVER_PORT")) {
			port = Integer.parseInt(Objects.requireNonNull(env.get("SERVER_PORT").getValue(), "SERVER_PORT value"));
		}
		if (http.isEmpty() || http.get().getContainerPort() != port) {
			violation(where, "needs a container port named http on " + port + " (the port the service listens on)");
		}
		checkHttpProbe(where, "liveness", c.getLivenessProbe(), "/actuator/health/liveness");
		checkHttpProbe(where, "readiness", c.getReadinessProbe(), "/actuator/health/readiness");
		checkHttpProbe(where, "startup", c.getStartupProbe(), "/actuator/health/liveness");

		// a read-only root (checkPodSecurity) with /tmp writable
		Optional<VolumeMount> tmp = Objects.requireNonNullElse(c.getVolumeMounts(), List.<VolumeMount>of())
			.stream()
			.filter((m) -> "/tmp".equals(m.getMountPath()))
			.findFirst();
		if (tmp.isEmpty() || volume(pod, tmp.get().getName()).map((v) -> v.getEmptyDir() == null).orElse(true)) {
			violation(where, "needs an emptyDir volume at /tmp");
		}

		// graceful shutdown: the grace period outlasts the preStop pause plus Spring's shutdown phase
		Duration preStop = preStopPause(c);
		Duration needed = preStop.plus(config.shutdownTimeout());
		Long grace = pod.getTerminationGracePeriodSeconds();
		if (grace == null || Duration.ofSeconds(grace).compareTo(needed) <= 0) {
			violation(resource, "terminationGracePeriodSeconds " + grace + " must exceed the preStop pause plus "
					+ "spring.lifecycle.timeout-per-shutdown-phase (" + needed.toSeconds() + "s)");
		}

		// environment: everything the service needs, nothing it does not know
		for (String required : config.requiredEnvironment()) {
			if (!env.containsKey(required)) {
				violation(where, "does not set " + required + ", which " + service.module() + " needs");
			}
		}
		for (String name : env.keySet()) {
			if (!config.catalog().bindsEnvironmentVariable(name)) {
				violation(where, name + " does not bind to any property of " + service.module());
			}
		}
		if (env.containsKey("SPRING_RABBITMQ_HOST") && !config.usesRabbit()) {
			violation(where, "gets broker settings, but " + service.module() + " does not use RabbitMQ");
		}

		checkPipelineFile(where, pod, c, env.get("TRIBUTARY_PIPELINE_FILE"));
		if (service == io.tributary.systemtests.launch.Service.PROCESSING) {
			checkProcessing(resource, w, env);
		}
	}

	private void checkHttpProbe(String where, String kind, @Nullable Probe probe, String path) {
		if (probe == null) {
			return;
		}
		if (probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())
				|| !new IntOrString("http").equals(probe.getHttpGet().getPort())) {
			violation(where, kind + " probe must be GET " + path + " on port http");
		}
	}

	private static Duration preStopPause(Container c) {
		if (c.getLifecycle() == null || c.getLifecycle().getPreStop() == null) {
			return Duration.ZERO;
		}
		var preStop = c.getLifecycle().getPreStop();
		if (preStop.getSleep() != null) {
			return Duration.ofSeconds(preStop.getSleep().getSeconds());
		}
		if (preStop.getExec() != null && preStop.getExec().getCommand() != null
				&& preStop.getExec().getCommand().size() == 2 && "sleep".equals(preStop.getExec().getCommand().get(0))) {
			return Duration.ofSeconds(Long.parseLong(preStop.getExec().getCommand().get(1)));
		}
		return Duration.ZERO;
	}

	static Optional<Volume> volume(PodSpec pod, String name) {
		return Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of())
			.stream()
			.filter((v) -> name.equals(v.getName()))
			.findFirst();
	}

	/** TRIBUTARY_PIPELINE_FILE names a key of a mounted ConfigMap, and that file loads. */
	private void checkPipelineFile(String where, PodSpec pod, Container c, @Nullable EnvVar variable) {
		if (variable == null || variable.getValue() == null) {
			return;
		}
		Path file = Path.of(variable.getValue());
		for (VolumeMount mount : Objects.requireNonNullElse(c.getVolumeMounts(), List.<VolumeMount>of())) {
			if (!file.getParent().equals(Path.of(mount.getMountPath()))) {
				continue;
			}
			Optional<Volume> v = volume(pod, mount.getName());
			if (v.isEmpty() || v.get().getConfigMap() == null) {
				violation(where, "the pipeline file is not in a ConfigMap volume");
				return;
			}
			Optional<ConfigMap> cm = this.manifests.configMap(v.get().getConfigMap().getName());
			String key = file.getFileName().toString();
			if (cm.isEmpty() || cm.get().getData() == null || !cm.get().getData().containsKey(key)) {
				violation(where, "TRIBUTARY_PIPELINE_FILE " + file + " is not a key of ConfigMap "
						+ v.get().getConfigMap().getName());
				return;
			}
			loadPipelineFile(where, cm.get(), key);
			return;
		}
		violation(where, "TRIBUTARY_PIPELINE_FILE " + file + " is not in a mounted volume");
	}

	/** Writes the ConfigMap out as the kubelet mounts it and loads the pipeline file from there. */
	private void loadPipelineFile(String where, ConfigMap cm, String key) {
		try {
			Path dir = Files.createDirectories(this.scratch.resolve(cm.getMetadata().getName()));
			for (Map.Entry<String, String> e : cm.getData().entrySet()) {
				Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
			}
			PipelineFileLoader.load(dir.resolve(key));
		}
		catch (PipelineFileException ex) {
			violation(where, "the pipeline file in ConfigMap " + cm.getMetadata().getName() + " does not load: "
					+ ex.getMessage());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void checkProcessing(String resource, Workload w, Map<String, EnvVar> env) {
		if (!"StatefulSet".equals(w.kind())) {
			violation(resource, "processing-service must be a StatefulSet: its pod ordinal is its instance index");
			return;
		}
		EnvVar index = env.get("TRIBUTARY_PROCESSING_INSTANCE_INDEX");
		if (index != null && (index.getValueFrom() == null || index.getValueFrom().getFieldRef() == null
				|| !POD_INDEX_FIELD.contains(index.getValueFrom().getFieldRef().getFieldPath()))) {
			violation(resource, "TRIBUTARY_PROCESSING_INSTANCE_INDEX must come from the pod-index label "
					+ "(fieldRef " + POD_INDEX_FIELD + ")");
		}
		int replicas = (w.replicas() != null) ? w.replicas() : 1;
		Integer count = intValue(env.get("TRIBUTARY_PROCESSING_INSTANCE_COUNT"));
		if (count == null || count != replicas) {
			violation(resource, "TRIBUTARY_PROCESSING_INSTANCE_COUNT (" + count + ") must equal replicas (" + replicas
					+ "), or partitions go unowned or are owned twice");
		}
		Integer partitions = intValue(env.get("TRIBUTARY_PROCESSING_PARTITIONS"));
		if (partitions == null || partitions < replicas) {
			violation(resource, "TRIBUTARY_PROCESSING_PARTITIONS (" + partitions + ") must be at least the replicas ("
					+ replicas + "): an instance without a partition is idle");
		}
		StatefulSet sts = this.manifests.named(StatefulSet.class, w.name()).orElseThrow();
		Optional<Service> headless = this.manifests.named(Service.class, sts.getSpec().getServiceName());
		if (headless.isEmpty() || !"None".equals(headless.get().getSpec().getClusterIP())) {
			violation(resource, "serviceName " + sts.getSpec().getServiceName() + " must be a deployed headless Service");
		}
	}

	private static @Nullable Integer intValue(@Nullable EnvVar e) {
		if (e == null || e.getValue() == null || !e.getValue().matches("\\d+")) {
			return null;
		}
		return Integer.parseInt(e.getValue());
	}

	// --- services, autoscalers, budgets, network policies ---------------------------------------------------

	private List<Workload> selected(@Nullable Map<String, String> selector) {
		if (selector == null || selector.isEmpty()) {
			return List.of();
		}
		return this.manifests.workloads()
			.stream()
			.filter((w) -> w.podLabels().entrySet().containsAll(selector.entrySet()))
			.toList();
	}

	private void checkServices() {
		for (Service s : this.manifests.all(Service.class)) {
			String resource = "Service " + s.getMetadata().getName();
			List<Workload> targets = selected(s.getSpec().getSelector());
			if (targets.size() != 1) {
				violation(resource, "selector " + s.getSpec().getSelector() + " must match the pods of exactly one "
						+ "workload, matches " + targets.stream().map(Workload::name).toList());
				continue;
			}
			Set<String> ports = containerPortNames(targets.getFirst());
			for (ServicePort p : s.getSpec().getPorts()) {
				IntOrString target = p.getTargetPort();
				if (target == null || target.getStrVal() == null || !ports.contains(target.getStrVal())) {
					violation(resource, "port " + p.getName() + " must target a named container port of "
							+ targets.getFirst().name() + " " + ports);
				}
			}
		}
	}

	private static Set<String> containerPortNames(Workload w) {
		Set<String> names = new HashSet<>();
		for (Container c : w.template().getSpec().getContainers()) {
			for (ContainerPort p : Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of())) {
				if (p.getName() != null) {
					names.add(p.getName());
				}
			}
		}
		return names;
	}

	private void checkAutoscalers() {
		Map<String, List<String>> scalersByTarget = new HashMap<>();
		for (HorizontalPodAutoscaler hpa : this.manifests.all(HorizontalPodAutoscaler.class)) {
			String resource = "HorizontalPodAutoscaler " + hpa.getMetadata().getName();
			var ref = hpa.getSpec().getScaleTargetRef();
			checkScaleTarget(resource, ref.getKind(), ref.getName());
			scalersByTarget.computeIfAbsent(ref.getName(), (k) -> new ArrayList<>()).add(resource);
			Integer min = hpa.getSpec().getMinReplicas();
			if (min == null || min < 1 || min > hpa.getSpec().getMaxReplicas()) {
				violation(resource, "needs 1 <= minReplicas <= maxReplicas");
			}
		}
		for (ScaledObject so : this.manifests.all(ScaledObject.class)) {
			String resource = "ScaledObject " + so.metadata().getName();
			var ref = so.spec().scaleTargetRef();
			checkScaleTarget(resource, Objects.requireNonNullElse(ref.kind(), "Deployment"), ref.name());
			scalersByTarget.computeIfAbsent(ref.name(), (k) -> new ArrayList<>()).add(resource);
			for (Trigger t : so.spec().triggers()) {
				checkTrigger(resource, t);
			}
		}
		scalersByTarget.forEach((target, scalers) -> {
			if (scalers.size() > 1) {
				violation(target, "is driven by more than one autoscaler: " + scalers);
			}
		});
	}

	private void checkScaleTarget(String resource, String kind, String name) {
		Optional<Workload> target = this.manifests.workload(name);
		if (target.isEmpty() || !target.get().kind().equals(kind)) {
			violation(resource, "scales " + kind + " " + name + ", which is not deployed");
			return;
		}
		if (name.equals(io.tributary.systemtests.launch.Service.PROCESSING.module())) {
			violation(resource, "processing-service must not be autoscaled: its instance count is configuration");
		}
		if (target.get().replicas() != null) {
			violation(resource, kind + " " + name + " sets replicas, which every apply would reset under the autoscaler");
		}
	}

	/** A RabbitMQ trigger watches the queue the service really consumes, and its credentials resolve. */
	private void checkTrigger(String resource, Trigger t) {
		if (t.authenticationRef() != null) {
			Optional<TriggerAuthentication> auth = this.manifests.all(TriggerAuthentication.class)
				.stream()
				.filter((a) -> a.metadata().getName().equals(t.authenticationRef().name()))
				.findFirst();
			if (auth.isEmpty()) {
				violation(resource, "uses TriggerAuthentication " + t.authenticationRef().name() + ", which is not deployed");
			}
			else {
				for (SecretTargetRef ref : Objects.requireNonNullElse(auth.get().spec().secretTargetRef(),
						List.<SecretTargetRef>of())) {
					checkSecret("TriggerAuthentication " + auth.get().metadata().getName(), ref.parameter(), ref.name(),
							ref.key(), false);
				}
			}
		}
		if (!"rabbitmq".equals(t.type())) {
			return;
		}
		String expected = storageQueue();
		if (!expected.equals(t.metadata().get("queueName"))) {
			violation(resource, "watches queue " + t.metadata().get("queueName") + ", but storage-service consumes "
					+ expected);
		}
	}

	/** {@code <namespace>.results.storage}: storage's input binding with the deployed namespace. */
	private String storageQueue() {
		Map<String, Object> yaml = ServiceConfig.of(io.tributary.systemtests.launch.Service.STORAGE).applicationYaml();
		String destination = String.valueOf(yaml.get("spring.cloud.stream.bindings.store-in-0.destination"));
		String group = String.valueOf(yaml.get("spring.cloud.stream.bindings.store-in-0.group"));
		String namespace = this.manifests.generatedConfigMap("tributary-config")
			.map((cm) -> cm.getData().get("namespace"))
			.orElse("tributary");
		return destination.replace("${tributary.namespace}", namespace) + "." + group;
	}

	private void checkDisruptionBudgets() {
		for (PodDisruptionBudget pdb : this.manifests.all(PodDisruptionBudget.class)) {
			String resource = "PodDisruptionBudget " + pdb.getMetadata().getName();
			List<Workload> targets = selected(pdb.getSpec().getSelector().getMatchLabels());
			if (targets.size() != 1) {
				violation(resource, "must select the pods of exactly one workload");
				continue;
			}
			IntOrString minAvailable = pdb.getSpec().getMinAvailable();
			if (minAvailable != null && minAvailable.getIntVal() != null
					&& minAvailable.getIntVal() >= minimumReplicas(targets.getFirst())) {
				violation(resource, "minAvailable " + minAvailable.getIntVal() + " leaves no pod of "
						+ targets.getFirst().name() + " to evict: a node drain would hang");
			}
		}
	}

	private int minimumReplicas(Workload w) {
		for (HorizontalPodAutoscaler hpa : this.manifests.all(HorizontalPodAutoscaler.class)) {
			if (hpa.getSpec().getScaleTargetRef().getName().equals(w.name())) {
				return Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1);
			}
		}
		for (ScaledObject so : this.manifests.all(ScaledObject.class)) {
			if (so.spec().scaleTargetRef().name().equals(w.name())) {
				return Objects.requireNonNullElse(so.spec().minReplicaCount(), 0);
			}
		}
		return (w.replicas() != null) ? w.replicas() : 1;
	}

	private void checkNetworkPolicies() {
		for (NetworkPolicy np : this.manifests.all(NetworkPolicy.class)) {
			String resource = "NetworkPolicy " + np.getMetadata().getName();
			List<Workload> targets = selected(np.getSpec().getPodSelector().getMatchLabels());
			if (targets.isEmpty()) {
				violation(resource, "selects no pods");
				continue;
			}
			for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(np.getSpec().getIngress(),
					List.<NetworkPolicyIngressRule>of())) {
				for (NetworkPolicyPort port : Objects.requireNonNullElse(rule.getPorts(), List.<NetworkPolicyPort>of())) {
					String named = (port.getPort() != null) ? port.getPort().getStrVal() : null;
					for (Workload w : targets) {
						if (named != null && !containerPortNames(w).contains(named)) {
							violation(resource, "allows port " + named + ", which " + w.name() + " does not have");
						}
					}
				}
			}
		}
	}

}
