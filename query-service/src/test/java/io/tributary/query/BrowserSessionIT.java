package io.tributary.query;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's login as a browser makes it: a key exchanged once for a session cookie that allows
 * query reads and nothing else, guarded by a CSRF token, ended by logging out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserSessionIT {

	private static final String NS = TestInfrastructure.newNamespace("query-session");

	private static final TestKey PUBLISHER = TestKey.create("publisher", "ingest");

	private static final TestKey REVOCABLE = TestKey.create("revocable-viewer", "query");

	private static final Path KEYS_FILE = keysFile();

	@LocalServerPort
	private int port;

	private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StoredResults.properties(registry, NS);
		registry.add("tributary.security.keys[2].name", PUBLISHER::name);
		registry.add("tributary.security.keys[2].digest", PUBLISHER::digest);
		registry.add("tributary.security.keys[2].scopes", () -> "ingest");
		registry.add("tributary.security.keys-file", KEYS_FILE::toString);
		registry.add("tributary.security.keys-file-check", () -> "100ms");
	}

	private static Path keysFile() {
		try {
			Path file = Files.createTempFile("query-keys", ".txt");
			Files.writeString(file, REVOCABLE.keysFileLine() + "\n");
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
	void aKeyExchangedForASessionCookieAllowsQueryReadsUntilLogout() throws Exception {
		HttpResponse<String> before = send("GET", "/api/v1/session", null, null);
		assertThat(before.statusCode()).isEqualTo(200);
		assertThat((Boolean) JsonPath.read(before.body(), "$.authenticated")).isFalse();
		String csrfHeader = JsonPath.read(before.body(), "$.csrfHeader");
		String csrf = JsonPath.read(before.body(), "$.csrfToken");
		assertThat(send("GET", "/api/v1/pipelines", null, null).statusCode()).isEqualTo(401);

		assertThat(send("POST", "/api/v1/session", StoredResults.VIEWER, null).statusCode())
			.as("without the CSRF token").isEqualTo(403);
		assertThat(send("POST", "/api/v1/session", PUBLISHER, new String[] { csrfHeader, csrf }).statusCode())
			.as("a key without the query scope").isEqualTo(403);
		// as the dashboard does before each sign-in: the refused attempt may have renewed the session
		csrf = JsonPath.read(send("GET", "/api/v1/session", null, null).body(), "$.csrfToken");
		HttpResponse<String> login = send("POST", "/api/v1/session", StoredResults.VIEWER,
				new String[] { csrfHeader, csrf });
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(login.body(), "$.key")).isEqualTo(StoredResults.VIEWER.name());
		assertThat(login.body()).doesNotContain(StoredResults.VIEWER.key());
		assertThat(login.headers().allValues("Set-Cookie")).anySatisfy((cookie) -> assertThat(cookie)
			.startsWith("JSESSIONID=")
			.containsIgnoringCase("HttpOnly")
			.containsIgnoringCase("SameSite=Strict"));

		assertThat(send("GET", "/api/v1/pipelines", null, null).statusCode()).as("the cookie reads").isEqualTo(200);
		assertThat(send("GET", "/api/v1/session", null, null).body()).contains("\"authenticated\":true");
		assertThat(send("GET", "/actuator/prometheus", null, null).statusCode()).as("and nothing else")
			.isEqualTo(403);

		String token = JsonPath.read(login.body(), "$.csrfToken");
		assertThat(send("DELETE", "/api/v1/session", null, new String[] { csrfHeader, token }).statusCode())
			.isEqualTo(204);
		assertThat(send("GET", "/api/v1/pipelines", null, null).statusCode()).as("after logout").isEqualTo(401);
	}

	@Test
	void aSessionEndsWhenItsKeyIsRevoked() throws Exception {
		HttpResponse<String> state = send("GET", "/api/v1/session", null, null);
		String[] csrf = { JsonPath.read(state.body(), "$.csrfHeader"), JsonPath.read(state.body(), "$.csrfToken") };
		assertThat(send("POST", "/api/v1/session", REVOCABLE, csrf).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/v1/pipelines", null, null).statusCode()).isEqualTo(200);

		Files.writeString(KEYS_FILE, "");

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		int status;
		do {
			Thread.sleep(50);
			status = send("GET", "/api/v1/pipelines", null, null).statusCode();
		}
		while (status != 401 && System.nanoTime() < deadline);
		assertThat(status).as("the session of a revoked key, within 10 s").isEqualTo(401);
	}

	private HttpResponse<String> send(String method, String path, @Nullable TestKey key, String @Nullable [] header)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (key != null) {
			request.header("Authorization", key.bearer());
		}
		if (header != null) {
			request.header(header[0], header[1]);
		}
		return this.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
