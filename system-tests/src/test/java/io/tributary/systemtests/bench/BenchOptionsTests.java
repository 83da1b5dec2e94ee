package io.tributary.systemtests.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchOptionsTests {

	private static final Path ROOT = Path.of("/nonexistent-repo");

	@Test
	void everyOptionHasADefault() {
		BenchOptions o = BenchOptions.parse(new String[0], ROOT);

		assertThat(o.launch()).isFalse();
		assertThat(o.ingestion()).isEqualTo(URI.create("http://127.0.0.1:8081"));
		assertThat(o.query()).isEqualTo(URI.create("http://127.0.0.1:8084"));
		assertThat(o.rabbit().virtualHost()).isEqualTo("/");
		assertThat(o.pipelineFile()).isEqualTo(ROOT.resolve("pipelines/example.yaml"));
		assertThat(o.duration()).isEqualTo(Duration.ofSeconds(60));
		assertThat(o.perfTest()).isEqualTo(Duration.ofSeconds(15));
		assertThat(o.httpConcurrency()).isEqualTo(4);
	}

	@Test
	void optionsOverrideTheDefaults() {
		BenchOptions o = BenchOptions.parse(new String[] { "--duration=2m", "--http-batch=100", "--amqp-publishers=0",
				"--perf-test=0", "--launch=true", "--rabbit-vhost=bench", "--pipeline-file=/abs/p.yaml" }, ROOT);

		assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
		assertThat(o.httpBatch()).isEqualTo(100);
		assertThat(o.amqpPublishers()).isZero();
		assertThat(o.perfTest()).isZero();
		assertThat(o.launch()).isTrue();
		assertThat(o.rabbit().virtualHost()).isEqualTo("bench");
		assertThat(o.pipelineFile()).isEqualTo(Path.of("/abs/p.yaml"));
	}

	@Test
	void badOptionsAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(new String[] { "--nope=1" }, ROOT))
			.withMessageStartingWith("Unknown option --nope");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(new String[] { "duration" }, ROOT))
			.withMessageContaining("--name=value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--http-batch=lots" }, ROOT))
			.withMessageContaining("--http-batch must be an integer");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--duration=soon" }, ROOT))
			.withMessageStartingWith("--duration:");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--http-concurrency=0", "--amqp-publishers=0" }, ROOT))
			.withMessageContaining("no load");
	}

	@Test
	void loadOnlyEverGoesToThisMachine() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--ingestion=http://10.0.0.5:8081" }, ROOT))
			.withMessageContaining("only loopback targets");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--rabbit-host=rabbit.example.com" }, ROOT))
			.withMessageContaining("only loopback targets");
		assertThat(BenchOptions.parse(new String[] { "--query=http://localhost:9000" }, ROOT).query().getPort())
			.isEqualTo(9000);
	}

	@Test
	void theKeyFileTributaryBenchPassesFirstLosesToOneGivenAfterIt(@TempDir Path root) throws IOException {
		Files.createDirectories(root.resolve(".tributary"));
		Files.writeString(root.resolve(".tributary/bench-key"), "the-bench-key\n");
		Files.writeString(root.resolve(".tributary/other-key"), "another-key\n");

		// what ./tributary bench runs: its key first, then the user's arguments
		BenchOptions bench = BenchOptions.parse(new String[] { "--api-key-file=.tributary/bench-key", "--duration=10s" },
				root);
		BenchOptions other = BenchOptions.parse(
				new String[] { "--api-key-file=.tributary/bench-key", "--api-key-file=.tributary/other-key" }, root);

		assertThat(bench.apiKey()).isEqualTo("the-bench-key");
		assertThat(bench.duration()).isEqualTo(Duration.ofSeconds(10));
		assertThat(other.apiKey()).isEqualTo("another-key");
	}

	@Test
	void theBenchmarkKeysOwnLimitIsFarAboveAFullLoadRunAndTheSameInTheScript() throws IOException {
		// a full-load run (4 HTTP clients, batches of 500) sends about 112 requests/s with one key
		assertThat(BenchOptions.BENCH_KEY_LIMIT)
			.containsEntry("tributary.rate-limits.keys.bench.requests", "100000")
			.containsEntry("tributary.rate-limits.keys.bench.burst", "100000");
		assertThat(Long.parseLong(BenchOptions.BENCH_KEY_LIMIT.get("tributary.rate-limits.keys.bench.requests")))
			.isGreaterThan(10 * 112);
		String script = Files.readString(Path.of("..", "tributary"));
		BenchOptions.BENCH_KEY_LIMIT.forEach((name, value) -> assertThat(script).contains("--" + name + "=" + value));
		assertThat(script).contains("--api-key-file=.tributary/bench-key").contains("\"bench $(digest_of");
	}

}
