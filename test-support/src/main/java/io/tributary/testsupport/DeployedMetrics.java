package io.tributary.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The metric names the Grafana dashboards ({@code deploy/grafana/*.json}) and the Prometheus rules
 * ({@code deploy/prometheus/alerts.yml}) query, and which service exposes each: each service's
 * integration test checks that its own names appear on its {@code /actuator/prometheus}.
 */
public final class DeployedMetrics {

	/** The metric families a service exposes, by the prefix of their Prometheus names. */
	public static final Map<String, List<String>> PREFIXES_BY_SERVICE;

	static {
		Map<String, List<String>> prefixes = new LinkedHashMap<>();
		prefixes.put("ingestion-service",
				List.of("tributary_ingestion_", "tributary_queue_depth", "http_server_requests_"));
		// the hop and stage timers: processing's hops events and keyed, stages route and window; storage's
		// hop results, stage store
		prefixes.put("processing-service", List.of("tributary_watermark_", "tributary_state_", "tributary_checkpoint_",
				"tributary_route_", "tributary_window_", "tributary_queue_depth", "tributary_hop_", "tributary_stage_"));
		prefixes.put("storage-service", List.of("tributary_storage_", "tributary_result_", "tributary_e2e_",
				"tributary_queue_depth", "tributary_hop_", "tributary_stage_"));
		prefixes.put("query-service", List.of("tributary_live_", "http_server_requests_"));
		PREFIXES_BY_SERVICE = Map.copyOf(prefixes);
	}

	private static final Pattern NAME = Pattern.compile("\\b(tributary_[a-z0-9_]+|http_server_requests_[a-z0-9_]+)\\b");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

	private DeployedMetrics() {
	}

	/** The repository's root: the nearest directory up from the working directory that has {@code deploy/}. */
	public static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isDirectory(dir.resolve("deploy/grafana"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("No deploy/grafana above " + Path.of("").toAbsolutePath());
		}
		return dir;
	}

	/** The dashboard and rule files. */
	public static List<Path> files(Path root) {
		try (Stream<Path> dashboards = Files.list(root.resolve("deploy/grafana"))) {
			return Stream.concat(dashboards.filter((p) -> p.toString().endsWith(".json")).sorted(),
					Stream.of(root.resolve("deploy/prometheus/alerts.yml"))).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every metric name the files query. */
	public static Set<String> referenced(Path root) {
		Set<String> names = new TreeSet<>();
		for (Path file : files(root)) {
			try {
				names.addAll(namesIn(Files.readString(file)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return names;
	}

	/** The metric names in a text (PromQL, or a file holding it). */
	public static Set<String> namesIn(String text) {
		Set<String> names = new TreeSet<>();
		Matcher m = NAME.matcher(text);
		while (m.find()) {
			names.add(m.group(1));
		}
		return names;
	}

	/** The names among {@code names} that the service exposes. */
	public static Set<String> ownedBy(String service, Set<String> names) {
		List<String> prefixes = PREFIXES_BY_SERVICE.get(service);
		if (prefixes == null) {
			throw new IllegalArgumentException("Unknown service " + service);
		}
		return names.stream().filter((n) -> prefixes.stream().anyMatch(n::startsWith)).collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * Prefixes of the meters that the framework's own observation and metrics of every message, call
	 * or command would add: the binder's RabbitTemplates and listener containers, Spring Cloud
	 * Function, Lettuce, Spring Integration's channels. The services turn them off (docs/operations.md,
	 * "Traces"), so none of these may be exposed.
	 */
	public static final List<String> PER_MESSAGE_FRAMEWORK_PREFIXES = List.of("spring_rabbit_",
			"spring_cloud_function", "lettuce", "spring_integration_");

	/** The sample names of an exposition that per-message framework observation or metrics made. */
	public static Set<String> perMessageFrameworkMeters(String exposition) {
		return exposed(exposition).stream()
			.filter((n) -> PER_MESSAGE_FRAMEWORK_PREFIXES.stream().anyMatch(n::startsWith))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/** The sample names of a Prometheus text exposition ({@code /actuator/prometheus}). */
	public static Set<String> exposed(String exposition) {
		Set<String> names = new TreeSet<>();
		Matcher m = SAMPLE.matcher(exposition);
		while (m.find()) {
			names.add(m.group(1));
		}
		return names;
	}

}
