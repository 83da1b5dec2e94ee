package io.tributary.systemtests.deploy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.jspecify.annotations.Nullable;

/**
 * Reads rendered manifests into the Kubernetes API types (the fabric8 model of the API) the way the API
 * server would judge them: a field the API does not have, or a value of the wrong type, is an error
 * rather than silently kept aside. KEDA's two resources, which have no Java model, are read into the
 * records below, with the same strictness, for the fields of the KEDA 2.x CRDs that Tributary uses.
 */
final class KubernetesModel {

	/** apiVersion/kind -> the type it is read into; a kind not listed here is an error. */
	private static final Map<String, Class<?>> KINDS = Map.ofEntries(Map.entry("v1/Namespace", Namespace.class),
			Map.entry("v1/ServiceAccount", ServiceAccount.class), Map.entry("v1/ConfigMap", ConfigMap.class),
			Map.entry("v1/Secret", Secret.class), Map.entry("v1/Service", Service.class),
			Map.entry("apps/v1/Deployment", Deployment.class), Map.entry("apps/v1/StatefulSet", StatefulSet.class),
			Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
			Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
			Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class),
			Map.entry("keda.sh/v1alpha1/TriggerAuthentication", TriggerAuthentication.class));

	private static final ObjectMapper STRICT = strictMapper();

	private KubernetesModel() {
	}

	/** The document as its API type; {@link IllegalArgumentException} naming the resource and the problem. */
	static Object read(Map<String, Object> document) {
		String apiVersion = String.valueOf(document.get("apiVersion"));
		String kind = String.valueOf(document.get("kind"));
		Object name = Maps.at(document, "metadata.name");
		Class<?> type = KINDS.get(apiVersion + "/" + kind);
		if (type == null) {
			throw new IllegalArgumentException(kind + " " + name + ": apiVersion/kind " + apiVersion + "/" + kind
					+ " is not one this project deploys (or is misspelt): " + KINDS.keySet());
		}
		try {
			return STRICT.convertValue(document, type);
		}
		catch (IllegalArgumentException ex) {
			String reason = (ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage();
			throw new IllegalArgumentException(kind + " " + name + " does not match the Kubernetes API: "
					+ reason.lines().findFirst().orElse(reason), ex);
		}
	}

	private static ObjectMapper strictMapper() {
		ObjectMapper mapper = new ObjectMapper();
		// fabric8 keeps unknown fields in an "additionalProperties" any-setter; without it they fail
		mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {

			@Override
			public Boolean hasAnySetter(Annotated a) {
				return Boolean.FALSE;
			}

		});
		mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
		mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
		mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
		// the API server does not turn 8 into "8" (an env value) or "2" into 2 (replicas)
		mapper.coercionConfigFor(LogicalType.Textual)
			.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
		mapper.coercionConfigFor(LogicalType.Integer)
			.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
		mapper.coercionConfigFor(LogicalType.Boolean)
			.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
		return mapper;
	}

	// --- KEDA (keda.sh/v1alpha1) ------------------------------------------------------------------------

	record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {

		ScaledObject {
			require(spec != null && spec.scaleTargetRef() != null && spec.scaleTargetRef().name() != null,
					"ScaledObject needs spec.scaleTargetRef.name");
			require(spec.triggers() != null && !spec.triggers().isEmpty(), "ScaledObject needs spec.triggers");
		}

	}

	record ScaledObjectSpec(ScaleTargetRef scaleTargetRef, @Nullable Integer pollingInterval,
			@Nullable Integer initialCooldownPeriod, @Nullable Integer cooldownPeriod, @Nullable Integer idleReplicaCount,
			@Nullable Integer minReplicaCount, @Nullable Integer maxReplicaCount,
			@Nullable Map<String, Object> advanced, @Nullable Map<String, Object> fallback, List<Trigger> triggers) {
	}

	record ScaleTargetRef(@Nullable String apiVersion, @Nullable String kind, String name,
			@Nullable String envSourceContainerName) {
	}

	record Trigger(String type, @Nullable String name, @Nullable String metricType, @Nullable Boolean useCachedMetrics,
			Map<String, String> metadata, @Nullable AuthenticationRef authenticationRef) {

		Trigger {
			require(type != null && !type.isBlank(), "a trigger needs a type");
			require(metadata != null, "a trigger needs metadata");
		}

	}

	record AuthenticationRef(String name, @Nullable String kind) {
	}

	record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {
	}

	record TriggerAuthenticationSpec(@Nullable List<SecretTargetRef> secretTargetRef, @Nullable List<EnvTargetRef> env) {
	}

	record SecretTargetRef(String parameter, String name, String key) {

		SecretTargetRef {
			require(parameter != null && name != null && key != null, "secretTargetRef needs parameter, name and key");
		}

	}

	record EnvTargetRef(String parameter, String name, @Nullable String containerName) {
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
