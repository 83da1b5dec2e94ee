package io.tributary.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.tributary.testsupport.HostileRequests.Hostile;
import io.tributary.testsupport.HostileRequests;
import io.tributary.testsupport.RawHttp.Answer;
import io.tributary.testsupport.RawHttp;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile client sends, over raw sockets to the real service: every answer is a 4xx problem
 * (or, where the server must drop the connection, a close within the deadline), nothing of it
 * reaches the events exchange, the service stays healthy, and nothing of it is an ERROR in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputIT extends IngestionTestBed {

	/** The test key, on every raw request: the cases are about the request, not about who sends it. */
	private static final String AUTH = "X-API-Key: " + Http.KEY.key() + "\r\n";

	private static final String NS = TestInfrastructure.newNamespace("hostile-it");

	private static final String TAP = IngestionTestBed.tap(NS);

	private static final String EVENTS = "/api/v1/streams/clicks/events";

	/** Tomcat's wait for the next bytes, and the deadline of a whole body, short for the test. */
	private static final Duration IDLE = Duration.ofSeconds(2);

	private static final Duration BODY_DEADLINE = Duration.ofSeconds(3);

	/** How much later than a deadline a close may come (scheduling, the poller's tick). */
	private static final Duration SLACK = Duration.ofSeconds(3);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
		// large enough that the JSON limits, not the body size, refuse the 10 MB values below
		registry.add("tributary.ingestion.max-request-size", () -> "16MB");
		registry.add("tributary.ingestion.body-read-timeout", () -> BODY_DEADLINE.toMillis() + "ms");
		registry.add("server.tomcat.connection-timeout", () -> IDLE.toMillis() + "ms");
	}

	HostileInputIT() {
		super(NS);
	}

	private RawHttp raw;

	@BeforeAll
	void declareTap() {
		this.raw = new RawHttp(this.port);
		IngestionTestBed.declareTap(this.admin, NS);
	}

	@AfterEach
	void nothingPublishedAndStillHealthy(CapturedOutput output) {
		assertThat(this.rabbit.receive(TAP, 200)).as("published from a rejected request").isNull();
		assertThat(this.http.get("/actuator/health").statusCode()).isEqualTo(200);
		// other test classes' contexts share this JVM and its output: a Redis client of one that was closed
		// reports its shut-down event loop; that is not this service's doing
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains(" ERROR ") && !line.contains("Event loop shut down?"))
			.toList()).isEmpty();
	}

	List<Hostile> containerLevel() {
		return HostileRequests.containerLevel(EVENTS);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("containerLevel")
	void whatTomcatRefusesIsAProblemToo(Hostile hostile) {
		assertProblem(this.raw.exchange(hostile.request()), null);
	}

	@Test
	void aWrongContentTypeIsA415Problem() {
		assertProblem(post("text/plain", "{\"a\": 1}"), 415);
		assertProblem(this.raw.exchange("POST " + EVENTS + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n"
				+ "Content-Length: 8\r\n\r\n{\"a\": 1}"), 415);
	}

	@Test
	void deeplyNestedJsonIsRefused() {
		Answer answer = post("application/json", "{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
		assertLimit(answer, "max-nesting-depth");
	}

	@Test
	void aTenMegabyteStringIsRefused() {
		assertLimit(post("application/json", "{\"a\": \"" + "x".repeat(10_000_000) + "\"}"), "max-string-length");
	}

	@Test
	void aNumberOfAHundredThousandDigitsIsRefused() {
		assertLimit(post("application/json", "{\"a\": " + "9".repeat(100_000) + "}"), "max-number-length");
		assertLimit(post("application/json", "{\"a\": 0." + "9".repeat(100_000) + "}"), "max-number-length");
	}

	@Test
	void anOverlongPropertyNameIsRefused() {
		assertLimit(post("application/json", "{\"" + "n".repeat(100_000) + "\": 1}"), "max-name-length");
	}

	@Test
	void anNdjsonLineOfTenMegabytesIsRefused() {
		String body = "{\"a\": 1}\n{\"a\": \"" + "x".repeat(10_000_000) + "\"}\n{\"a\": 3}\n";
		assertLimit(post("application/x-ndjson", body), "max-line-length");
	}

	@Test
	void aLookupBodyHasTheSameLimits() {
		Answer answer = this.raw.exchange(request("PUT", "/api/v1/lookups/campaigns", "application/json",
				"{\"k\": " + "[".repeat(1000) + "]".repeat(1000) + "}"));
		assertLimit(answer, "max-nesting-depth");
	}

	@Test
	void aSixtyMegabyteBodyWithoutExpectContinueGetsA413ItCanRead() throws Exception {
		try (Socket socket = this.raw.open()) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + EVENTS + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n"
					+ "Content-Length: " + 60 * 1024 * 1024 + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			// the client sends all of it before it reads, as a naive client does
			CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
				byte[] megabyte = new byte[1024 * 1024];
				try {
					for (int i = 0; i < 60; i++) {
						out.write(megabyte);
					}
					out.flush();
				}
				catch (IOException ex) {
					throw new IllegalStateException("the upload was cut off", ex);
				}
			});
			Answer answer = RawHttp.read(socket.getInputStream());
			assertProblem(answer, 413);
			upload.get();
		}
	}

	@Test
	void anAnnouncedOversizedBodyWithExpectContinueIsRefusedBeforeItIsSent() {
		assertProblem(this.raw.exchange("POST " + EVENTS + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n"
				+ "Expect: 100-continue\r\nContent-Length: " + 60 * 1024 * 1024 + "\r\n\r\n"), 413);
	}

	@Test
	void aChunkedBodyThatNeverEndsIsCutOffAtTheBodyDeadline() throws Exception {
		try (Socket socket = this.raw.open()) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + EVENTS + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/x-ndjson\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			long start = System.nanoTime();
			CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
				byte[] chunk = "9\r\n{\"a\": 1}\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
				try {
					while (!Thread.currentThread().isInterrupted()) {
						out.write(chunk);
						out.flush();
						Thread.sleep(100);
					}
				}
				catch (IOException | InterruptedException ex) {
					// the server closed the connection: the end this test waits for
				}
			});
			Answer answer = RawHttp.read(socket.getInputStream());
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			trickle.cancel(true);
			assertProblem(answer, 408);
			assertThat(took).isLessThan(BODY_DEADLINE.plus(SLACK));
			assertThat(RawHttp.closedWithin(socket, SLACK)).isTrue();
		}
	}

	@Test
	void aBodyThatFallsSilentIsCutOffAtTheIdleTimeout() throws Exception {
		try (Socket socket = this.raw.open()) {
			long start = System.nanoTime();
			socket.getOutputStream()
				.write(("POST " + EVENTS + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n"
						+ "Content-Length: 100\r\n\r\n{\"a\": ").getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			Answer answer = RawHttp.read(in);
			// Tomcat's read timeout ends the exchange itself: a bare 408 (it discards what the service
			// writes after it), and the connection is closed
			assertThat(answer.status()).isEqualTo(408);
			assertThat(answer.header("Connection")).isEqualTo("close");
			assertThat(RawHttp.closedWithin(socket, SLACK)).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE.plus(SLACK));
		}
	}

	@Test
	void aSlowLorisIsDroppedAtTheIdleTimeout() throws Exception {
		try (Socket socket = this.raw.open()) {
			long start = System.nanoTime();
			socket.getOutputStream().write(("POST /api/v1/streams/clicks/events HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Slow: ")
				.getBytes(StandardCharsets.ISO_8859_1));
			assertThat(RawHttp.closedWithin(socket, IDLE.plus(SLACK))).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE.plus(SLACK));
		}
	}

	@Test
	void aClientThatDisconnectsMidBodyIsNoErrorInTheLog() throws Exception {
		try (Socket socket = this.raw.open()) {
			socket.getOutputStream()
				.write(("POST " + EVENTS + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n"
						+ "Content-Length: 1000\r\n\r\n{\"a\": ").getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			Thread.sleep(200);
		}
		// the service notices the broken body; give it the moment it needs before the log is checked
		Thread.sleep(500);
	}

	@Test
	void aClientThatDisconnectsBeforeItsAnswerIsNoErrorInTheLog() throws Exception {
		try (Socket socket = this.raw.open()) {
			socket.setSoLinger(true, 0);
			socket.getOutputStream().write(request("POST", EVENTS, "application/json", "not json")
				.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
		}
		Thread.sleep(500);
	}

	private Answer post(String contentType, String body) {
		return this.raw.exchange(request("POST", EVENTS, contentType, body));
	}

	private static String request(String method, String path, String contentType, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\nContent-Type: " + contentType
				+ "\r\nContent-Length: " + bytes.length + "\r\n\r\n" + new String(bytes, StandardCharsets.ISO_8859_1);
	}

	private static void assertLimit(Answer answer, String setting) {
		JsonNode problem = assertProblem(answer, 413);
		assertThat(problem.path("type").asString()).isEqualTo("https://tributary.io/problems/limit-exceeded");
		assertThat(problem.path("detail").asString()).contains(setting);
	}

	private static JsonNode assertProblem(Answer answer, @org.jspecify.annotations.Nullable Integer status) {
		assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
		if (status != null) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		}
		assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
		JsonNode problem;
		try {
			problem = JSON.readTree(answer.body());
		}
		catch (RuntimeException ex) {
			throw new AssertionError("not one JSON problem: " + answer, ex);
		}
		assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
		assertThat(problem.path("title").asString()).isNotBlank();
		return problem;
	}

}
