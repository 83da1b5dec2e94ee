package io.tributary.ingestion;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.testsupport.EndpointAccess;
import io.tributary.testsupport.EndpointAccess.Endpoint;
import io.tributary.testsupport.EndpointAccess.Rule;
import io.tributary.testsupport.TestInfrastructure;
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
 * Who may call each endpoint of the ingestion service, driven from the controllers' mappings: an
 * endpoint added without a row here fails the test, and so does one whose scope is wrong.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndpointAccessIT {

	private static final String NS = TestInfrastructure.newNamespace("ingest-access");

	private static final EndpointAccess ACCESS = new EndpointAccess();

	private static final Map<String, Rule> EXPECTED = expected();

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestInfrastructure.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		ACCESS.properties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("tributary.namespace", () -> NS);
		registry.add("tributary.pipeline-file", TestPipelines.FILE::toString);
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	private static Map<String, Rule> expected() {
		Map<String, Rule> rules = new TreeMap<>();
		rules.put("POST /api/v1/streams/{stream}/events", Rule.INGEST);
		rules.put("PUT /api/v1/lookups/{table}", Rule.LOOKUPS);
		rules.put("GET /api/v1/lookups/{table}/{key}", Rule.LOOKUPS);
		rules.put("GET /error", Rule.ADMIN);
		rules.put("GET /api/v1/admin/dead-letters", Rule.ADMIN);
		rules.put("GET /api/v1/admin/dead-letters/streams/{stream}", Rule.ADMIN);
		rules.put("POST /api/v1/admin/dead-letters/streams/{stream}/redrive", Rule.ADMIN);
		rules.put("GET /api/v1/admin/dead-letters/queues/{queue}", Rule.ADMIN);
		rules.put("POST /api/v1/admin/dead-letters/queues/{queue}/redrive", Rule.ADMIN);
		rules.put("POST /api/v1/pipelines/{pipeline}/alerts/deliveries/failed/{id}/resend", Rule.ADMIN);
		rules.put("POST /api/v1/pipelines/{pipeline}/alerts/deliveries/failed/resend", Rule.ADMIN);
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
			endpoints.add(EndpointAccess.endpoint(mapped, EXPECTED.getOrDefault(mapped, Rule.OPEN)));
		}
		endpoints.add(new Endpoint("GET", "/actuator/health", Rule.OPEN));
		endpoints.add(new Endpoint("GET", "/actuator/health/readiness", Rule.OPEN));
		endpoints.add(new Endpoint("GET", "/actuator/prometheus", Rule.ADMIN));
		endpoints.add(new Endpoint("GET", "/actuator/info", Rule.ADMIN));
		// a method or path nobody mapped needs admin: nothing new is open by accident
		endpoints.add(new Endpoint("DELETE", "/api/v1/streams/x/events", Rule.ADMIN));

		assertThat(ACCESS.violations(URI.create("http://127.0.0.1:" + this.port), endpoints)).isEmpty();
	}

}
