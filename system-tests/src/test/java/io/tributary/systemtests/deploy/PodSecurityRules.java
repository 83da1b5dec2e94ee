package io.tributary.systemtests.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * The security rules for every container of every pod, Tributary's and the infrastructure's alike: the
 * restricted Pod Security Standard (which the overlays' namespaces enforce), a read-only root
 * filesystem, and a writable volume at every path the container's image writes to.
 */
final class PodSecurityRules {

	/**
	 * Where the images in the manifests write, by image repository ({@code tributary} for the services):
	 * everything else stays on the read-only root. RabbitMQ: its home (database, Erlang cookie) and /tmp;
	 * Redis: its data directory (--dir).
	 */
	static final Map<String, List<String>> WRITABLE_PATHS = Map.of("tributary", List.of("/tmp"), "rabbitmq",
			List.of("/var/lib/rabbitmq", "/tmp"), "redis", List.of("/data"));

	private PodSecurityRules() {
	}

	/**
	 * Reports to {@code violation} (resource or container, message) what the pod's containers get wrong.
	 * @param claimTemplates volumes of a StatefulSet's claim templates, which the pod spec does not list
	 */
	static void check(String resource, PodSpec pod, Set<String> claimTemplates, BiConsumer<String, String> violation) {
		PodSecurityContext psc = pod.getSecurityContext();
		boolean podNonRoot = psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot());
		boolean podSeccomp = psc != null && psc.getSeccompProfile() != null
				&& Set.of("RuntimeDefault", "Localhost").contains(psc.getSeccompProfile().getType());
		if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
				|| Boolean.TRUE.equals(pod.getHostIPC())) {
			violation.accept(resource, "must not use the host's network, PID or IPC namespace");
		}
		for (Volume v : Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of())) {
			if (v.getConfigMap() == null && v.getSecret() == null && v.getEmptyDir() == null
					&& v.getPersistentVolumeClaim() == null && v.getProjected() == null && v.getDownwardAPI() == null) {
				violation.accept(resource, "volume " + v.getName() + " is of a type the restricted profile forbids");
			}
		}
		List<Container> containers = new ArrayList<>(pod.getContainers());
		containers.addAll(Objects.requireNonNullElse(pod.getInitContainers(), List.<Container>of()));
		for (Container c : containers) {
			SecurityContext sc = c.getSecurityContext();
			String where = resource + " container " + c.getName();
			if (sc == null) {
				violation.accept(where, "has no securityContext");
				continue;
			}
			if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
				violation.accept(where, "must run with readOnlyRootFilesystem: true");
			}
			checkWritablePaths(where, pod, c, claimTemplates, violation);
			if (!podNonRoot && !Boolean.TRUE.equals(sc.getRunAsNonRoot())) {
				violation.accept(where, "must run as non-root (runAsNonRoot: true)");
			}
			if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0
					|| psc != null && psc.getRunAsUser() != null && psc.getRunAsUser() == 0) {
				violation.accept(where, "must not run as uid 0");
			}
			if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
				violation.accept(where, "must set allowPrivilegeEscalation: false");
			}
			if (Boolean.TRUE.equals(sc.getPrivileged())) {
				violation.accept(where, "must not be privileged");
			}
			Capabilities caps = sc.getCapabilities();
			if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
				violation.accept(where, "must drop all capabilities");
			}
			else if (caps.getAdd() != null && !caps.getAdd().stream().allMatch("NET_BIND_SERVICE"::equals)) {
				violation.accept(where, "may add no capability but NET_BIND_SERVICE");
			}
			boolean containerSeccomp = sc.getSeccompProfile() != null
					&& Set.of("RuntimeDefault", "Localhost").contains(sc.getSeccompProfile().getType());
			if (!podSeccomp && !containerSeccomp) {
				violation.accept(where, "needs seccompProfile RuntimeDefault");
			}
		}
	}

	/**
	 * A container of an image these rules know runs with a read-only root only if every path that image
	 * writes to is a volume it can write: an emptyDir, or a claim (a PersistentVolumeClaim volume or a
	 * StatefulSet's volumeClaimTemplate). An image it does not know must be added to {@link #WRITABLE_PATHS}.
	 */
	private static void checkWritablePaths(String where, PodSpec pod, Container c, Set<String> claims,
			BiConsumer<String, String> violation) {
		String image = Objects.requireNonNullElse(c.getImage(), "");
		String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
		List<String> paths = WRITABLE_PATHS.get(repository.startsWith("tributary/") ? "tributary" : repository);
		if (paths == null) {
			violation.accept(where, "runs image " + image + ", whose writable paths the deploy checks do not know "
					+ "(add them to PodSecurityRules.WRITABLE_PATHS)");
			return;
		}
		for (String path : paths) {
			Optional<VolumeMount> mount = Objects.requireNonNullElse(c.getVolumeMounts(), List.<VolumeMount>of())
				.stream()
				.filter((m) -> path.equals(m.getMountPath()) && !Boolean.TRUE.equals(m.getReadOnly()))
				.findFirst();
			boolean writable = mount.isPresent() && (claims.contains(mount.get().getName()) || ManifestPolicy.volume(pod,
					mount.get().getName()).map((v) -> v.getEmptyDir() != null || v.getPersistentVolumeClaim() != null)
				.orElse(false));
			if (!writable) {
				violation.accept(where, "writes to " + path + ": it needs a writable emptyDir or claim mounted there");
			}
		}
	}

}
