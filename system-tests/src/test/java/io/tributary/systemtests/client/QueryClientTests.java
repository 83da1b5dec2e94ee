package io.tributary.systemtests.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The query client against a stand-in server that answers in the agreed shape. */
class QueryClientTests {

	private static final String RESULT = """
			{"pipeline":"p","key":"%s","windowStart":"%s","windowEnd":"%s","final":true,"revision":4,
			 "metrics":{"views":17,"avg_latency":12.5,"min_latency":null},"counts":{"events":17,"late":2,"duplicates":1}}""";

	private HttpServer server;

	private final List<String> requests = new ArrayList<>();

	private QueryClient client;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::answer);
		this.server.start();
		this.client = new QueryClient(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()), null);
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void followsNextLinksRelativeAndAbsoluteUntilTheLastPage() {
		List<WindowResult> results = this.client.results("p", "k 1");

		assertThat(results).extracting(WindowResult::windowStart).containsExactly(Instant.parse("2025-03-01T12:00:00Z"),
				Instant.parse("2025-03-01T12:00:10Z"), Instant.parse("2025-03-01T12:00:20Z"));
		assertThat(this.requests).containsExactly("/api/v1/pipelines/p/results?key=k+1&limit=1000",
				"/api/v1/pipelines/p/results?key=k+1&limit=1000&cursor=A", "/api/v1/pipelines/p/results?key=k+1&cursor=B");
		WindowResult first = results.get(0);
		assertThat(first.isFinal()).isTrue();
		assertThat(first.revision()).isEqualTo(4);
		assertThat(first.counts().late()).isEqualTo(2);
		assertThat(first.metrics()).containsEntry("views", 17L).containsEntry("avg_latency", 12.5)
			.containsEntry("min_latency", null);
	}

	@Test
	void anUnknownKeyHasNoResults() {
		assertThat(this.client.results("p", "unknown")).isEmpty();
		assertThat(this.client.latest("p", "unknown")).isEmpty();
	}

	@Test
	void latestIsOneResult() {
		assertThat(this.client.latest("p", "k1")).get().extracting(WindowResult::key).isEqualTo("k1");
	}

	@Test
	void anErrorIsNotMistakenForNoResults() {
		assertThatIllegalStateException().isThrownBy(() -> this.client.results("broken", "k"))
			.withMessageContaining("HTTP 500");
	}

	@Test
	void keyListingsAreReadInEveryReasonableShape() {
		assertThat(QueryClient.keysOf(WireFormat.mapper().readTree("[\"a\",\"b\"]"))).containsExactly("a", "b");
		assertThat(QueryClient.keysOf(WireFormat.mapper().readTree("{\"items\":[{\"key\":\"a\",\"newest\":1}]}")))
			.containsExactly("a");
		assertThat(QueryClient.keysOf(WireFormat.mapper().readTree("{\"keys\":[\"c\"]}"))).containsExactly("c");
	}

	private void answer(HttpExchange exchange) throws IOException {
		String uri = exchange.getRequestURI().toString();
		this.requests.add(uri);
		String path = exchange.getRequestURI().getPath();
		String query = String.valueOf(exchange.getRequestURI().getRawQuery());
		int status = 200;
		String body;
		String base = "http://127.0.0.1:" + this.server.getAddress().getPort();
		if (path.startsWith("/api/v1/pipelines/broken")) {
			status = 500;
			body = "{\"status\":500}";
		}
		else if (query.contains("key=unknown") || path.endsWith("/unknown/latest")) {
			status = 404;
			body = "{\"status\":404}";
		}
		else if (path.endsWith("/latest")) {
			body = result("k1", "2025-03-01T12:00:00Z");
		}
		else if (query.endsWith("cursor=A")) {
			body = "{\"items\":[" + result("k 1", "2025-03-01T12:00:10Z") + "],\"next\":\"" + base
					+ "/api/v1/pipelines/p/results?key=k+1&cursor=B\"}";
		}
		else if (query.endsWith("cursor=B")) {
			body = "{\"items\":[" + result("k 1", "2025-03-01T12:00:20Z") + "],\"next\":null}";
		}
		else {
			body = "{\"items\":[" + result("k 1", "2025-03-01T12:00:00Z")
					+ "],\"next\":\"/api/v1/pipelines/p/results?key=k+1&limit=1000&cursor=A\"}";
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static String result(String key, String start) {
		return RESULT.formatted(key, start, Instant.parse(start).plusSeconds(10));
	}

}
