package io.tributary.processing.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.AcceptLagReport;
import io.tributary.contract.Headers;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.DeployedMetrics;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of processing: the trace of an accepted event batch continues on the result
 * batch its events produce (through the keyed batch in between), the result batch says when its
 * events were accepted, and every metric the deployed dashboard and alerting rules read of processing
 * is on its {@code /actuator/prometheus}.
 */
class ObservabilityIT extends ClicksTestBase {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	/** The actuator beyond health answers an admin key only, as it answers Prometheus. */
	private static final TestKey PROMETHEUS = TestKey.admin("processing-obs-prometheus");

	ObservabilityIT() {
		super("proc-obs-it");
	}

	@Test
	void theResultBatchContinuesTheTraceOfTheEventsAndTheMetricsTheDashboardReadsAreServed() throws Exception {
		Map<String, String> properties = new java.util.HashMap<>(TestKey.properties(PROMETHEUS));
		properties.put("tributary.metrics.queue-depth-interval", "500ms");
		ConfigurableApplicationContext context = this.bed.start(properties);
		// the second event's watermark closes the first one's window: its final result comes at once
		// sent at as text, as a publisher other than ingestion may write it
		this.bed.publish("clicks", Map.of("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01", Headers.SENT_AT,
				Long.toString(System.currentTimeMillis())),
				this.clicks.event("t1", "u1", "click", 1_000, 5), this.clicks.event("t2", "u1", "click", 25_000, 5));

		Message traced = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (traced == null && System.nanoTime() < deadline) {
			Message m = this.bed.nextResultMessage();
			if (m != null && !WireFormat.read(m.getBody(), ResultBatch.class).results().isEmpty()) {
				traced = m;
			}
		}
		assertThat(traced).as("a result batch").isNotNull();
		assertThat(String.valueOf(traced.getMessageProperties().getHeaders().get("traceparent")))
			.startsWith("00-" + TRACE_ID + "-");
		assertThat(WireFormat.read(traced.getBody(), ResultBatch.class).ingestTimes()).isNotEmpty();

		// what ingestion's admission control reads: this instance's fresh accept-lag report
		RedisKeys keys = new RedisKeys(this.ns);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(AcceptLagReport.largestFresh(
				this.bed.redis().<String, String>opsForHash().values(keys.acceptLag()), Instant.now()))
			.isPresent());

		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		Set<String> wanted = DeployedMetrics.ownedBy("processing-service",
				DeployedMetrics.referenced(DeployedMetrics.repositoryRoot()));
		assertThat(wanted).contains("tributary_watermark_lag_seconds", "tributary_checkpoint_duration_seconds_bucket",
				"tributary_state_windows", "tributary_queue_depth", "tributary_window_accept_lag_seconds",
				"tributary_hop_latency_seconds_bucket", "tributary_stage_duration_seconds_bucket");
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(DeployedMetrics.exposed(scrape(port))).containsAll(wanted));
		// the event batch and the keyed batches route published said when they were sent
		String exposition = scrape(port);
		// and no delivery, publish, function call or Redis command was observed by the framework as well
		assertThat(DeployedMetrics.perMessageFrameworkMeters(exposition)).isEmpty();
		assertThat(count(exposition, "tributary_hop_latency_seconds_count", "hop=\"events\"")).isPositive();
		assertThat(count(exposition, "tributary_hop_latency_seconds_count", "hop=\"keyed\"")).isPositive();
		assertThat(count(exposition, "tributary_stage_duration_seconds_count", "stage=\"route\"")).isPositive();
		assertThat(count(exposition, "tributary_stage_duration_seconds_count", "stage=\"window\"")).isPositive();
	}

	/** The value of the sample of that name whose labels include the given one. */
	private static double count(String exposition, String name, String label) {
		return exposition.lines()
			.filter((line) -> line.startsWith(name + "{") && line.contains(label))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + name + " with " + label));
	}

	private static String scrape(int port) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
				.header("Authorization", PROMETHEUS.bearer())
				.build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
