package io.tributary.systemtests.bench;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import io.tributary.systemtests.launch.ServiceCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.w3c.dom.Document;

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

		// the chart the report links, beside it: a well-formed SVG with both panels' lines
		Matcher link = Pattern.compile("\\[(bench-[0-9TZ]+\\.svg)\\]\\(\\1\\)").matcher(report);
		assertThat(link.find()).as("a link to the chart in %s", report).isTrue();
		List<Path> charts;
		try (Stream<Path> files = Files.walk(out)) {
			charts = files.filter((f) -> f.getFileName().toString().equals(link.group(1))).toList();
		}
		assertThat(charts).hasSize(1);
		assertThat(charts.get(0).resolveSibling("report.md")).exists();
		DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
		xml.setNamespaceAware(true);
		Document chart = xml.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(charts.get(0))));
		assertThat(chart.getDocumentElement().getLocalName()).isEqualTo("svg");
		assertThat(chart.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength())
			.as("the throughput line").isGreaterThanOrEqualTo(1);
		assertThat(chart.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").getLength())
			.as("latency p50 and p99 of the seconds final results arrived in").isGreaterThanOrEqualTo(2);
	}

}
