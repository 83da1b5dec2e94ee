package io.tributary.systemtests.deploy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.systemtests.launch.Service;
import io.tributary.testsupport.DeployedMetrics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard, the Prometheus alerting rules and the JSON-logs switch, checked offline:
 * the files parse, every metric they read belongs to a service (whose own integration test checks it
 * is served), compose's prometheus profile loads them, and compose and Kubernetes log JSON.
 */
class ObservabilityFilesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ComposeFile compose = ComposeFile.load();

	@Test
	void theDashboardIsGrafanaJsonWhosePanelsQueryTheProvisionedPrometheus() {
		JsonNode dashboard = JSON.readTree(Repository.read("deploy/grafana/tributary.json"));
		assertThat(dashboard.path("uid").asString()).isEqualTo("tributary");
		Map<String, Object> datasources = Repository.yaml(Repository.read("deploy/grafana/provisioning/datasources/prometheus.yml"));
		String uid = String.valueOf(Maps.map(Maps.list(datasources.get("datasources"), "datasources").getFirst(), "datasource").get("uid"));
		Set<Integer> ids = new HashSet<>();
		int queries = 0;
		for (JsonNode panel : dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
			if (panel.path("type").asString().equals("row")) {
				continue;
			}
			assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString()).isEqualTo(uid);
			assertThat(panel.path("targets")).as(panel.path("title").asString()).isNotEmpty();
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("expr").asString()).isNotBlank();
				queries++;
			}
		}
		assertThat(queries).isGreaterThan(10);
	}

	@Test
	void everyAlertingRuleHasAnExpressionASeverityAndASummary() {
		Map<String, Object> rules = Repository.yaml(Repository.read("deploy/prometheus/alerts.yml"));
		Set<String> names = new HashSet<>();
		for (Object group : Maps.list(rules.get("groups"), "groups")) {
			for (Object raw : Maps.list(Maps.map(group, "group").get("rules"), "rules")) {
				Map<String, Object> rule = Maps.map(raw, "rule");
				String name = String.valueOf(rule.get("alert"));
				assertThat(names.add(name)).as("alert names are unique: " + name).isTrue();
				assertThat(String.valueOf(rule.get("expr"))).as(name).isNotBlank();
				assertThat(Maps.map(rule.get("labels"), name + ".labels").get("severity")).as(name)
					.isIn("info", "warning", "critical");
				assertThat(Maps.map(rule.get("annotations"), name + ".annotations")).as(name).containsKey("summary");
			}
		}
		assertThat(names).contains("TributaryWatermarkLagHigh", "TributaryResultFreshnessHigh",
				"TributaryEndToEndLatencyHigh", "TributaryInputBacklog", "TributaryCheckpointSlow",
				"TributaryDeadLettersWaiting", "TributaryRateLimited");
	}

	@Test
	void everyMetricTheDashboardAndRulesReadBelongsToAServiceThatChecksItServesIt() {
		Path root = DeployedMetrics.repositoryRoot();
		Set<String> referenced = DeployedMetrics.referenced(root);
		assertThat(referenced).contains("tributary_watermark_lag_seconds", "tributary_result_freshness_seconds_bucket",
				"tributary_e2e_latency_seconds_bucket", "tributary_queue_depth",
				"tributary_checkpoint_duration_seconds_bucket", "http_server_requests_seconds_count");
		Set<String> owned = new HashSet<>();
		for (Service s : Service.values()) {
			owned.addAll(DeployedMetrics.ownedBy(s.module(), referenced));
		}
		assertThat(owned).isEqualTo(referenced);
		// the names are read from the raw files: this finds one in a query as well
		assertThat(DeployedMetrics.namesIn("sum(rate(tributary_x_total{a=\"b\"}[5m])) / up"))
			.containsExactly("tributary_x_total");
	}

	@Test
	void thePrometheusProfileLoadsTheRulesAndProvisionsGrafanaWithTheDashboard() {
		Map<String, Object> prometheus = Repository.yaml(Repository.read("deploy/compose/prometheus.yml"));
		assertThat(Maps.list(prometheus.get("rule_files"), "rule_files")).containsExactly("/etc/prometheus/alerts.yml");
		assertThat(this.compose.mounts("prometheus")).contains(
				new ComposeFile.Mount("./deploy/prometheus/alerts.yml", "/etc/prometheus/alerts.yml", true));
		assertThat(Maps.map(this.compose.service("grafana"), "grafana").get("profiles")).isEqualTo(List.of("prometheus"));
		assertThat(this.compose.mounts("grafana")).contains(
				new ComposeFile.Mount("./deploy/grafana/provisioning", "/etc/grafana/provisioning", true),
				new ComposeFile.Mount("./deploy/grafana", "/var/lib/grafana/dashboards", true));
		Map<String, Object> provider = Maps.map(Maps.list(Repository
			.yaml(Repository.read("deploy/grafana/provisioning/dashboards/tributary.yml"))
			.get("providers"), "providers").getFirst(), "provider");
		assertThat(Maps.map(provider.get("options"), "options").get("path")).isEqualTo("/var/lib/grafana/dashboards");
		Map<String, Object> datasource = Maps.map(Maps.list(Repository
			.yaml(Repository.read("deploy/grafana/provisioning/datasources/prometheus.yml"))
			.get("datasources"), "datasources").getFirst(), "datasource");
		assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
	}

	@Test
	void theServicesLogJsonInComposeAndKubernetesAndPlainTextByDefault() {
		for (Service s : Service.values()) {
			assertThat(ServiceConfig.of(s).applicationYaml()).as(s.module())
				.doesNotContainKey("logging.structured.format.console");
			assertThat(this.compose.environment(s.module(), Map.of())).as(s.module())
				.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
			assertThat(this.compose.environment(s.module(), Map.of("TRIBUTARY_LOG_FORMAT", ""))).as(s.module())
				.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "");
			String manifest = Repository.read("deploy/k8s/base/" + s.module() + ".yaml");
			assertThat(manifest).as(s.module()).contains("""
					            - name: LOGGING_STRUCTURED_FORMAT_CONSOLE
					              valueFrom:
					                configMapKeyRef: {name: tributary-config, key: log-format}
					""");
		}
		assertThat(Repository.read("deploy/k8s/base/kustomization.yaml")).contains("- log-format=ecs");
	}

}
