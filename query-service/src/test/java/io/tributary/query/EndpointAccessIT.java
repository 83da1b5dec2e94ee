package io.tributary.query;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.testsupport.EndpointAccess;
import io.tributary.testsupport.EndpointAccess.Endpoint;
import io.tributary.testsupport.EndpointAccess.Rule;
import io.tributary.testsupport.TestInfrastructure;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call each endpoint of the query service, driven from the controllers' mappings: an
 * endpoint added without a row here fails the test, and so does one whose scope is wrong.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndpointAccessIT {

	private static final String NS = TestInfrastructure.newNamespace("query-access");

	private static final EndpointAccess ACCESS = new EndpointAccess();

	/** What each mapped endpoint needs; null: the browser session endpoints, which BrowserSessionIT checks. */
	private static final Map<String, @Nullable Rule> EXPECTED = expected();

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StoredResults.properties(registry, NS);
		// StoredResults' keys are keys[0] and [1]: these replace them here
		ACCESS.properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	private static Map<String, @Nullable Rule> expected() {
		Map<String, @Nullable Rule> rules = new TreeMap<>();
		for (String path : List.of("/api/v1/pipelines", "/api/v1/pipelines/{pipeline}",
				"/api/v1/pipelines/{pipeline}/alerts", "/api/v1/pipelines/{pipeline}/alerts/deliveries/failed",
				"/api/v1/pipelines/{pipeline}/late",
				"/api/v1/streams/{stream}/dead-letters", "/api/v1/pipelines/{pipeline}/top",
				"/api/v1/pipelines/{pipeline}/results", "/api/v1/pipelines/{pipeline}/keys/{key}/latest",
				"/api/v1/pipelines/{pipeline}/keys/{key}/rollup", "/api/v1/pipelines/{pipeline}/keys/{key}/forecast",
				"/api/v1/pipelines/{pipeline}/keys",
				"/api/v1/pipelines/{pipeline}/stream")) {
			rules.put("GET " + path, Rule.QUERY);
		}
		rules.put("GET /api/v1/session", null);
		rules.put("POST /api/v1/session", null);
		rules.put("DELETE /api/v1/session", null);
		rules.put("GET /error", Rule.ADMIN);
		for (String docs : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config",
				"/swagger-ui.html")) {
			rules.put("GET " + docs, Rule.ANY_KEY);
		}
		return rules;
	}

	@Test
	void everyMappedEndpointIsListedWithWhatItNeeds() {
		assertThat(EndpointAccess.mapped(this.mappings)).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
	}

	@Test
	void everyEndpointAnswers401WithoutAKey403WithoutItsScopeAndLetsItsScopeThrough() {
		List<Endpoint> endpoints = new ArrayList<>();
		for (String mapped : EndpointAccess.mapped(this.mappings)) {
			Rule rule = EXPECTED.get(mapped);
			if (rule != null) {
				endpoints.add(EndpointAccess.endpoint(mapped, rule));
			}
		}
		endpoints.add(new Endpoint("GET", "/actuator/health", Rule.OPEN));
		endpoints.add(new Endpoint("GET", "/actuator/health/readiness", Rule.OPEN));
		endpoints.add(new Endpoint("GET", "/actuator/health/liveness", Rule.OPEN));
		endpoints.add(new Endpoint("GET", "/actuator/prometheus", Rule.ADMIN));
		endpoints.add(new Endpoint("GET", "/actuator/info", Rule.ADMIN));
		endpoints.add(new Endpoint("GET", "/actuator", Rule.ADMIN));
		// the dashboard's page holds no data: it asks for a key
		endpoints.add(new Endpoint("GET", "/", Rule.OPEN));
		endpoints.add(new Endpoint("GET", "/dashboard/dashboard.js", Rule.OPEN));
		// anything else, mapped or not, needs admin
		endpoints.add(new Endpoint("POST", "/api/v1/pipelines", Rule.ADMIN));
		endpoints.add(new Endpoint("GET", "/nothing-here", Rule.ADMIN));

		assertThat(ACCESS.violations(URI.create("http://127.0.0.1:" + this.port), endpoints)).isEmpty();
	}

}
