package io.tributary.ingestion;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys from a keys file, as a Kubernetes Secret mounts it: a key added there works and a key removed
 * is refused, without a restart; the logs name keys by name and never show a key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ApiKeysIT {

	private static final String NS = TestInfrastructure.newNamespace("ingest-keys");

	private static final TestKey PUBLISHER = TestKey.create("billing-publisher", "ingest");

	private static final TestKey SUCCESSOR = TestKey.create("billing-publisher-2", "ingest");

	private static final Path KEYS_FILE = keysFile();

	private static final String EVENTS = "/api/v1/streams/clicks/events";

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestInfrastructure.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		TestKey.properties(Http.KEY).forEach((name, value) -> registry.add(name, () -> value));
		registry.add("tributary.security.keys-file", KEYS_FILE::toString);
		registry.add("tributary.security.keys-file-check", () -> "100ms");
		registry.add("tributary.namespace", () -> NS);
		registry.add("tributary.pipeline-file", TestPipelines.FILE::toString);
	}

	private static Path keysFile() {
		try {
			Path file = Files.createTempFile("ingest-keys", ".txt");
			Files.writeString(file, "# name digest scopes\n" + PUBLISHER.keysFileLine() + "\n");
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void cleanUp() throws IOException {
		TestInfrastructure.deleteRedisNamespace(NS);
		Files.deleteIfExists(KEYS_FILE);
	}

	@Test
	void aKeyRevokedInTheKeysFileIsRefusedWithoutARestartAndNoKeyIsEverLogged(CapturedOutput output)
			throws Exception {
		Http publisher = new Http(this.port, PUBLISHER);
		Http successor = new Http(this.port, SUCCESSOR);
		assertThat(publisher.post(EVENTS, "application/json", "{\"x\": 1}").statusCode()).isEqualTo(202);
		assertThat(successor.post(EVENTS, "application/json", "{\"x\": 1}").statusCode()).isEqualTo(401);
		HttpResponse<String> noScope = publisher.put("/api/v1/lookups/campaigns", "application/json", "{\"a\": 1}");
		assertThat(noScope.statusCode()).isEqualTo(403);
		assertThat(noScope.body()).contains("billing-publisher");

		Files.writeString(KEYS_FILE, SUCCESSOR.keysFileLine() + "\n");

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		int status;
		do {
			Thread.sleep(50);
			status = publisher.post(EVENTS, "application/json", "{\"x\": 1}").statusCode();
		}
		while (status != 401 && System.nanoTime() < deadline);
		assertThat(status).as("the revoked key, within 10 s").isEqualTo(401);
		assertThat(successor.post(EVENTS, "application/json", "{\"x\": 1}").statusCode()).isEqualTo(202);
		assertThat(new Http(this.port).post(EVENTS, "application/json", "{\"x\": 1}").statusCode())
			.as("the configured key stays").isEqualTo(202);

		assertThat(new Http(this.port).get("/actuator/prometheus").body()).as("metrics name keys")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*api_key=\"billing-publisher\"");
		assertThat(output.getAll()).contains("billing-publisher-2")
			.contains("for key 'billing-publisher'")
			.doesNotContain(PUBLISHER.key(), SUCCESSOR.key(), Http.KEY.key());
	}

}
