package io.tributary.systemtests.bench;

import java.nio.file.Path;

import io.tributary.systemtests.launch.ServiceCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short benchmark run in launch mode (the four jars, a fresh namespace, the example pipeline), so
 * that {@code ./tributary bench} keeps working: it must account for every accepted view.
 */
// it measures rates: alone, not beside another system test
@Isolated
class BenchmarkIT {

	@Test
	void aShortRunReportsThroughputLatencyAndTheBaselineAndCountsEveryAcceptedView() throws Exception {
		Path out = Path.of(System.getProperty("tributary.build.dir", "target"), "bench-it");
		BenchOptions options = BenchOptions.parse(new String[] { "--launch=true", "--warmup=3s", "--duration=10s",
				"--campaigns=20", "--http-concurrency=2", "--http-batch=200", "--amqp-batch=200", "--amqp-rate=1000",
				"--perf-test=3s", "--output-dir=" + out }, ServiceCluster.repoRoot());

		String report = Benchmark.run(options);

		assertThat(report).contains("| HTTP accepted (202) |", "| AMQP confirmed by the broker |",
				"| final-result latency from windowEnd + max-out-of-orderness | p50 ",
				"| RabbitMQ PerfTest --uri", "(100.00%)", " 0 not final, 0 with a different count, 0 late");
	}

}
