package io.tributary.systemtests.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.jspecify.annotations.Nullable;

/**
 * The resources one kustomization renders, read into the API types ({@link KubernetesModel}). Every
 * document must read; the first one that does not fails with its kind, name and the problem.
 */
record Manifests(String source, List<Object> objects) {

	/** A Deployment or StatefulSet, seen through what they have in common. */
	record Workload(String kind, String name, LabelSelector selector, PodTemplateSpec template,
			@Nullable Integer replicas) {

		Map<String, String> podLabels() {
			Map<String, String> labels = this.template.getMetadata() != null ? this.template.getMetadata().getLabels()
					: null;
			return (labels != null) ? labels : Map.of();
		}

	}

	static Manifests render(String source, java.nio.file.Path kustomization) {
		return of(source, Kustomize.render(kustomization));
	}

	static Manifests of(String source, List<Map<String, Object>> documents) {
		List<Object> objects = new ArrayList<>();
		for (Map<String, Object> doc : documents) {
			try {
				objects.add(KubernetesModel.read(doc));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(source + ": " + ex.getMessage(), ex);
			}
		}
		return new Manifests(source, List.copyOf(objects));
	}

	<T> List<T> all(Class<T> type) {
		return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	<T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
		return all(type).stream().filter((o) -> name.equals(o.getMetadata().getName())).findFirst();
	}

	/**
	 * A ConfigMap by the name the manifests use; generated ConfigMaps carry a hash suffix, which
	 * kustomize also writes into every reference, so references and objects agree by full name.
	 */
	Optional<ConfigMap> configMap(String name) {
		return named(ConfigMap.class, name);
	}

	Optional<Secret> secret(String name) {
		return named(Secret.class, name);
	}

	/** The generated ConfigMap whose name starts with {@code base} and a hash ({@code tributary-config-xxxx}). */
	Optional<ConfigMap> generatedConfigMap(String base) {
		return all(ConfigMap.class).stream()
			.filter((c) -> c.getMetadata().getName().matches(java.util.regex.Pattern.quote(base) + "-[a-z0-9]{10}"))
			.findFirst();
	}

	List<Workload> workloads() {
		List<Workload> workloads = new ArrayList<>();
		for (Deployment d : all(Deployment.class)) {
			workloads.add(new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getSelector(),
					d.getSpec().getTemplate(), d.getSpec().getReplicas()));
		}
		for (StatefulSet s : all(StatefulSet.class)) {
			workloads.add(new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getSelector(),
					s.getSpec().getTemplate(), s.getSpec().getReplicas()));
		}
		return workloads;
	}

	Optional<Workload> workload(String name) {
		return workloads().stream().filter((w) -> w.name().equals(name)).findFirst();
	}

}
