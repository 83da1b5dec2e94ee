package io.tributary.systemtests.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
		assertThat(o.linger()).isZero();
	}

	@Test
	void optionsOverrideTheDefaults() {
		BenchOptions o = BenchOptions.parse(new String[] { "--duration=2m", "--http-batch=100", "--amqp-publishers=0",
				"--perf-test=0", "--launch=true", "--rabbit-vhost=bench", "--pipeline-file=/abs/p.yaml", "--linger=5ms" },
				ROOT);

		assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
		assertThat(o.httpBatch()).isEqualTo(100);
		assertThat(o.amqpPublishers()).isZero();
		assertThat(o.perfTest()).isZero();
		assertThat(o.launch()).isTrue();
		assertThat(o.rabbit().virtualHost()).isEqualTo("bench");
		assertThat(o.pipelineFile()).isEqualTo(Path.of("/abs/p.yaml"));
		assertThat(o.linger()).isEqualTo(Duration.ofMillis(5));
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
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--linger=2s" }, ROOT))
			.withMessageStartingWith("--linger is between 0s and 1s");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--http-concurrency=0", "--amqp-publishers=0" }, ROOT))
			.withMessageContaining("no load");
	}

	@Test
	void processingInstancesAndStandbyNeedLaunchedServicesAndStandbyNeedsTwoInstances() {
		BenchOptions two = BenchOptions.parse(new String[] { "--launch=true", "--processing-instances=2", "--standby=true" },
				ROOT);
		assertThat(two.processingInstances()).isEqualTo(2);
		assertThat(two.standby()).isTrue();
		assertThat(BenchOptions.parse(new String[0], ROOT).processingInstances()).isEqualTo(1);
		assertThat(BenchOptions.parse(new String[0], ROOT).standby()).isFalse();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--processing-instances=2" }, ROOT))
			.withMessageContaining("--processing-instances needs --launch=true");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--launch=true", "--standby=true" }, ROOT))
			.withMessageContaining("--standby=true needs --processing-instances=2 or more");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--launch=true", "--processing-instances=9" }, ROOT))
			.withMessageContaining("between 1 and --partitions");
	}

	@Test
	void restartNiceIsANicenessForTheRecoveryPhasesRestart() {
		assertThat(BenchOptions.parse(new String[0], ROOT).restartNice()).isZero();
		assertThat(BenchOptions.parse(new String[] { "--launch=true", "--recovery=true", "--rates=max", "--restart-nice=19" },
				ROOT).restartNice()).isEqualTo(19);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--launch=true", "--recovery=true", "--rates=max",
					"--restart-nice=20" }, ROOT))
			.withMessageContaining("--restart-nice is between 0 and 19, got 20");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--launch=true", "--restart-nice=10" }, ROOT))
			.withMessageContaining("--restart-nice needs --recovery=true");
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

	@Test
	void withoutRatesTheLoadIsTheSingleRunOfBefore() {
		BenchOptions o = BenchOptions.parse(new String[0], ROOT);

		assertThat(o.phases().isEmpty()).isTrue();
		assertThat(o.phases().warmup()).isEqualTo(Duration.ofSeconds(10));
		assertThat(o.phases().recovery()).isFalse();
	}

	@Test
	void ratesAreMaxPercentagesOfTheMaxPhaseOrEventsPerSecondInOrder() {
		BenchOptions o = BenchOptions.parse(new String[] { "--launch=true", "--rates=max, 50%,80% ,12.5%,20000",
				"--phase-warmup=5s", "--recovery=true" }, ROOT);

		assertThat(o.phases().rates()).containsExactly(PhaseRate.MAX, new PhaseRate(PhaseRate.Kind.PERCENT, 50),
				new PhaseRate(PhaseRate.Kind.PERCENT, 80), new PhaseRate(PhaseRate.Kind.PERCENT, 12.5),
				new PhaseRate(PhaseRate.Kind.ABSOLUTE, 20_000));
		assertThat(o.phases().rates()).extracting(PhaseRate::label)
			.containsExactly("max", "50%", "80%", "12.5%", "20,000/s");
		assertThat(o.phases().warmup()).isEqualTo(Duration.ofSeconds(5));
		assertThat(o.phases().recovery()).isTrue();
		// 41,000 events/s accepted at max: 50% is 20,500, 12.5% 5,125; max is unpaced (0), absolute stays
		assertThat(o.phases().rates()).extracting((r) -> r.eventsPerSecond(41_000))
			.containsExactly(0.0, 20_500.0, 32_800.0, 5_125.0, 20_000.0);
		assertThat(PhaseRate.parseList("20000,max,50%")).hasSize(3);
	}

	@Test
	void badRatesAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(new String[] { "--rates=50%,max" }, ROOT))
			.withMessageContaining("no max phase comes before it");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(new String[] { "--rates=max,fast" }, ROOT))
			.withMessageContaining("'fast' is not max, a percentage");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(new String[] { "--rates=max,150%" }, ROOT))
			.withMessageContaining("(0, 100]");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(new String[] { "--rates=max,0" }, ROOT))
			.withMessageContaining("> 0");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(new String[] { "--rates=max,,50%" }, ROOT))
			.withMessageContaining("'' is not max");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(new String[] { "--recovery=yes" }, ROOT))
			.withMessageContaining("--recovery must be true or false");
	}

	@Test
	void recoveryNeedsServicesTheBenchmarkStartedAndAMaxPhase() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--rates=max", "--recovery=true" }, ROOT))
			.withMessageContaining("--recovery=true needs --launch=true");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--launch=true", "--recovery=true" }, ROOT))
			.withMessageContaining("put max in --rates");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(new String[] { "--launch=true", "--rates=10000", "--recovery=true" }, ROOT))
			.withMessageContaining("put max in --rates");
		assertThat(BenchOptions.parse(new String[] { "--launch=true", "--rates=max", "--recovery=true" }, ROOT).phases()
			.rates()).isEqualTo(List.of(PhaseRate.MAX));
	}

	@Test
	void launchedServicesTakeTheJvmOptionsOfTributaryUp() {
		assertThat(BenchOptions.serviceJvmArgs(null)).containsExactly("-Xms256m", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError");
		assertThat(BenchOptions.serviceJvmArgs("  ")).containsExactly("-Xms256m", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError");
		assertThat(BenchOptions.serviceJvmArgs(" -Xmx2g  -XX:+UseZGC ")).containsExactly("-Xmx2g", "-XX:+UseZGC",
				"-XX:+ExitOnOutOfMemoryError");
		assertThat(BenchOptions.serviceJvmArgs("-XX:+ExitOnOutOfMemoryError -Xmx1g")).containsExactly(
				"-XX:+ExitOnOutOfMemoryError", "-Xmx1g");
	}

}
