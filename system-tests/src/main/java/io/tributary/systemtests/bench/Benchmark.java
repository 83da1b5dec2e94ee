package io.tributary.systemtests.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.tributary.contract.Destinations;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.systemtests.client.AmqpSettings;
import io.tributary.systemtests.client.HttpResult;
import io.tributary.systemtests.client.IngestClient;
import io.tributary.systemtests.client.QueryClient;
import io.tributary.systemtests.launch.Service;
import io.tributary.systemtests.launch.ServiceCluster;
import io.tributary.systemtests.launch.ServiceInstance;
import io.tributary.systemtests.ysb.AdEvent;
import io.tributary.systemtests.ysb.YsbCampaigns;
import io.tributary.systemtests.ysb.YsbGenerator;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tributary benchmark: the Yahoo Streaming Benchmark job (count ad views per campaign in event-time
 * windows) driven over HTTP and AMQP against running services for a fixed time, then RabbitMQ
 * PerfTest on the same broker as the baseline. Prints a Markdown table for docs/benchmarks.md.
 * <p>
 * Final-result latency of a window is measured from the earliest moment the window could be final,
 * {@code windowEnd + maxOutOfOrderness} (event times are the wall clock at generation, so no earlier
 * event can carry the watermark past the window's end), to the moment its first {@code final} result
 * was published by storage on the pipeline's change channel, i.e. written to Redis where query reads
 * it. Only windows that the load closed during the measured period are sampled: those whose
 * {@code windowEnd + maxOutOfOrderness} falls between the end of the warm-up and the end of the load
 * (later ones close by idle timeout).
 * <p>
 * With {@code --rates} the load runs in phases ({@link PhaseRunner}), each at a fixed rate derived
 * from the same run's max phase and sampled over its own measured interval ({@link PhaseReport});
 * with {@code --recovery} a last phase kills processing mid-load and times its recovery
 * ({@link RecoveryTime}). The completeness check covers every phase.
 */
public final class Benchmark {

	private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

	private Benchmark() {
	}

	public static void main(String[] args) throws Exception {
		if (java.util.Arrays.asList(args).contains("--help")) {
			System.out.println(BenchOptions.USAGE);
			return;
		}
		BenchOptions options;
		try {
			options = BenchOptions.parse(args, ServiceCluster.repoRoot());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(BenchOptions.USAGE);
			System.exit(2);
			return;
		}
		String report = run(options);
		System.out.println(report);
		// lettuce and the HTTP client leave non-daemon threads behind under exec:java
		System.exit(0);
	}

	static String run(BenchOptions options) throws Exception {
		String runId = UUID.randomUUID().toString().substring(0, 8);
		Path outputDir = options.outputDir().resolve("run-" + runId);
		Files.createDirectories(outputDir);
		if (options.baselineOnly()) {
			PerfTestBaseline.Result baseline = PerfTestBaseline.run(options.rabbit(), options.perfTest(),
					outputDir.resolve("perf-test.log"));
			StringBuilder r = new StringBuilder("| | |\n|---|---|\n");
			row(r, "RabbitMQ PerfTest " + String.join(" ", baseline.arguments()), baseline.describe());
			Files.writeString(outputDir.resolve("report.md"), r, StandardCharsets.UTF_8);
			return r.toString();
		}
		PipelineFile file = PipelineFileLoader.load(options.pipelineFile());
		PipelineDefinition pipeline = file.pipeline(options.pipeline())
			.orElseThrow(() -> new IllegalArgumentException("No pipeline '" + options.pipeline() + "' in "
					+ options.pipelineFile() + "; declared: " + file.pipelines().keySet()));
		if (pipeline.enrich().isEmpty()) {
			throw new IllegalArgumentException("Pipeline " + pipeline.name() + " has no lookup enrichment; the "
					+ "benchmark drives the YSB job (enrich campaigns by event.ad_id, key by campaign)");
		}
		ServiceCluster cluster = null;
		String namespace = options.namespace();
		AmqpSettings rabbit = options.rabbit();
		BenchOptions effective = options;
		try {
			if (options.launch()) {
				namespace = TestInfrastructure.newNamespace("bench");
				Map<String, String> properties = new java.util.LinkedHashMap<>(TestInfrastructure.springProperties());
				// the run's key has a limit of its own, far above the load, so that it never sees a 429
				properties.putAll(BenchOptions.BENCH_KEY_LIMIT);
				// processing's partitions, and the queues ingestion's backpressure watches, follow --partitions
				properties.put("tributary.processing.partitions", String.valueOf(options.partitions()));
				if (options.standby()) {
					properties.put("tributary.processing.standby.enabled", "true");
				}
				TestInfrastructure.Rabbit r = TestInfrastructure.rabbit();
				rabbit = new AmqpSettings(r.host(), r.port(), r.username(), r.password(), r.virtualHost());
				List<String> jvmArgs = BenchOptions.serviceJvmArgs(System.getenv("TRIBUTARY_JAVA_OPTS"));
				cluster = ServiceCluster.builder()
					.namespace(namespace)
					.pipelineFile(options.pipelineFile())
					.properties(properties)
					.apiKey(TestKey.create(BenchOptions.BENCH_KEY, "ingest", "lookups", "query", "admin"))
					.jvmArgs(jvmArgs)
					.logDir(outputDir.resolve("logs"))
					.aotCache(options.aotCache())
					.instances(Service.PROCESSING, options.processingInstances())
					.build();
				log.info("Starting the services with JVM options {}", jvmArgs);
				cluster.start();
				effective = new BenchOptions(true, false, cluster.baseUri(Service.INGESTION), cluster.baseUri(Service.QUERY),
						rabbit, TestInfrastructure.redis().host(), TestInfrastructure.redis().port(), namespace,
						options.pipelineFile(), options.pipeline(), options.duration(), options.warmup(),
						options.httpBatch(), options.httpConcurrency(), options.amqpBatch(), options.amqpPublishers(),
						options.amqpRate(), options.linger(), options.campaigns(), options.seed(), options.perfTest(), outputDir,
						cluster.apiKey().key(), options.phases(), options.aotCache(), options.partitions(),
						options.processingInstances(), options.standby(), options.restartNice());
			}
			PhaseRunner.Crash crash = null;
			if (cluster != null && options.phases().recovery()) {
				ServiceCluster processing = cluster;
				crash = new PhaseRunner.Crash() {
					@Override
					public void kill() {
						processing.kill(Service.PROCESSING);
					}

					@Override
					public void restart() {
						processing.restart(processing.instance(Service.PROCESSING), options.restartNice());
					}
				};
			}
			LatencyProfile profile = (effective.apiKey() == null) ? null
					: (cluster != null)
							? new LatencyProfile(cluster.baseUri(Service.INGESTION),
									cluster.instances(Service.PROCESSING).stream().map(ServiceInstance::baseUri).toList(),
									cluster.baseUri(Service.STORAGE), effective.apiKey())
							// services started by ./tributary up listen on their default ports
							: new LatencyProfile(effective.ingestion(), effective.ingestion().resolve("//"
									+ effective.ingestion().getHost() + ":8082/"), effective.ingestion().resolve("//"
											+ effective.ingestion().getHost() + ":8083/"), effective.apiKey());
			// PerfTest measures the broker alone: the services the run launched are stopped first (idle, they
			// still compile and tick, and a processing restarted by the recovery phase compiles hard)
			ServiceCluster launched = cluster;
			Runnable quietBroker = (launched != null) ? launched::close : () -> {
			};
			String report = measure(effective, pipeline, rabbit, runId, outputDir, crash, profile, quietBroker);
			Files.writeString(outputDir.resolve("report.md"), report, StandardCharsets.UTF_8);
			return report;
		}
		finally {
			if (cluster != null) {
				cluster.close();
				TestInfrastructure.deleteRedisNamespace(namespace);
			}
		}
	}

	private static String measure(BenchOptions o, PipelineDefinition pipeline, AmqpSettings rabbit, String runId,
			Path outputDir, PhaseRunner.@Nullable Crash crash, @Nullable LatencyProfile profile, Runnable quietBroker)
			throws InterruptedException, IOException {
		PhaseProfiles profiles = (profile != null) ? new PhaseProfiles(profile) : null;
		Duration size = pipeline.window().size();
		Duration ooo = pipeline.watermark().maxOutOfOrderness();
		Duration idle = pipeline.watermark().idleTimeout();
		String stream = pipeline.source();
		String lookup = pipeline.enrich().get(0).lookup();
		String prefix = "bench-" + runId + "-";
		YsbCampaigns campaigns = YsbCampaigns.generate(o.seed(), o.campaigns(), prefix);
		YsbCampaigns probe = YsbCampaigns.generate(o.seed() + 1, 1, prefix + "probe-");
		IngestClient ingest = new IngestClient(o.ingestion(), o.apiKey());
		QueryClient query = new QueryClient(o.query(), o.apiKey());

		Map<String, Object> table = new LinkedHashMap<>(campaigns.lookupTable());
		table.putAll(probe.lookupTable());
		// a refusal (503 while Redis is slow on a machine busy with the services' start, 429) changed
		// nothing and says when to retry: the run retries a few times before it gives up
		HttpResult put = ingest.putLookup(lookup, table);
		for (int attempt = 1; (put.status() == 503 || put.status() == 429) && attempt < 5; attempt++) {
			log.info("PUT /api/v1/lookups/{} refused ({}), retrying", lookup, put.status());
			Thread.sleep(LoadDriver.retryAfterMillis(put));
			put = ingest.putLookup(lookup, table);
		}
		if (put.status() != 200) {
			throw new IllegalStateException("PUT /api/v1/lookups/" + lookup + " failed: " + put);
		}
		try (ResultWatcher watcher = new ResultWatcher(o.redisHost(), o.redisPort(), o.namespace(), pipeline.name(),
				(key) -> key.startsWith(prefix))) {
			awaitPipeline(ingest, stream, probe, watcher);

			long loadStart = System.currentTimeMillis();
			AcceptedPerSecond acceptedPerSecond = new AcceptedPerSecond(loadStart);
			LoadDriver load = new LoadDriver(o, campaigns, stream, size, ooo, ingest, rabbit,
					Destinations.name(o.namespace(), Destinations.INGEST), runId, acceptedPerSecond);
			List<PhaseRunner.Phase> phases = List.of();
			LoadDriver.Counters measured;
			long measureStart;
			long measureEnd;
			Duration measuredFor;
			if (o.phases().isEmpty()) {
				log.info("Load: warm-up {} then {} measured", o.warmup(), o.duration());
				load.start();
				Thread.sleep(o.warmup().toMillis());
				LoadDriver.Counters atStart = load.counters();
				if (profiles != null) {
					profiles.measuredFrom(0);
				}
				measureStart = System.currentTimeMillis();
				Thread.sleep(o.duration().toMillis());
				LoadDriver.Counters atEnd = load.counters();
				measureEnd = System.currentTimeMillis();
				if (profiles != null) {
					profiles.measuredTo(0);
				}
				measured = atEnd.minus(atStart);
				measuredFor = Duration.ofMillis(measureEnd - measureStart);
			}
			else {
				load.start();
				phases = new PhaseRunner(load, o, crash, PhaseRunner.Clock.SYSTEM)
					.markedBy((profiles != null) ? profiles : PhaseRunner.Marks.NONE)
					.run();
				measureStart = phases.get(0).measuredFromMillis();
				measureEnd = phases.get(phases.size() - 1).measuredToMillis();
				// the whole run: the phases' measured intervals together, not their warm-ups
				measured = phases.stream().map(PhaseRunner.Phase::measured).reduce(LoadDriver.Counters::plus).orElseThrow();
				measuredFor = Duration.ofMillis(phases.stream()
					.mapToLong((p) -> p.measuredToMillis() - p.measuredFromMillis())
					.sum());
				// event times trail the clock by up to ooo / 2: with the load on for ooo more, every window closeable
				// in the last phase closes by watermark, not 10 s later by idle timeout
				Thread.sleep(ooo.toMillis());
			}
			load.stop();
			long loadEnd = System.currentTimeMillis();

			// every window with accepted views closes at the latest by idle timeout after the load stops
			Map<WindowId, Long> expected = load.acceptedViews();
			Duration drain = ooo.plus(idle).plus(size).plusSeconds(20);
			log.info("Load stopped; waiting up to {} for {} windows to be final", drain, expected.size());
			long drainDeadline = System.currentTimeMillis() + drain.toMillis();
			while (System.currentTimeMillis() < drainDeadline
					&& !expected.keySet().stream().allMatch(watcher::isFinal)) {
				Thread.sleep(250);
			}
			// the probe campaign is not part of the load
			FinalSamples samples = FinalSamples.of(watcher.firstFinal(), java.util.Set.copyOf(campaigns.campaignIds()),
					size, ooo);

			Completeness completeness = Completeness.check(query, pipeline.name(), campaigns.campaignIds(), expected);

			List<Long> fromWatermark = new ArrayList<>();
			List<Long> fromLastEvent = new ArrayList<>();
			List<RunTimeline.Final> finals = new ArrayList<>();
			Map<WindowId, Long> lastAccepted = load.lastAccepted();
			List<PhaseRunner.Phase> ran = phases;
			java.util.function.LongPredicate sampled = ran.isEmpty()
					? (closeable) -> closeable >= measureStart && closeable <= loadEnd
					: (closeable) -> ran.stream()
						.anyMatch((p) -> closeable >= p.measuredFromMillis() && closeable <= p.measuredToMillis());
			for (FinalSamples.Sample f : samples.samples()) {
				long closeable = f.closeableAtMillis();
				if (closeable >= loadStart && closeable <= loadEnd) {
					// the chart shows the warm-up too
					finals.add(new RunTimeline.Final(f.arrivedAtMillis(), f.latencyMillis()));
				}
				if (sampled.test(closeable)) {
					fromWatermark.add(f.latencyMillis());
					Long last = lastAccepted.get(f.window());
					if (last != null) {
						fromLastEvent.add(f.arrivedAtMillis() - last);
					}
				}
			}
			PerfTestBaseline.Result baseline = null;
			if (!o.perfTest().isZero()) {
				quietBroker.run();
				log.info("RabbitMQ PerfTest baseline for {}", o.perfTest());
				baseline = PerfTestBaseline.run(rabbit, o.perfTest(), outputDir.resolve("perf-test.log"));
			}
			Percentiles latency = Percentiles.of(fromWatermark);
			Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
			Path chart = outputDir.resolve("bench-" + now.toString().replace(":", "").replace("-", "") + ".svg");
			double rate = (measured.httpEvents() + measured.amqpEvents()) / (measuredFor.toMillis() / 1000.0);
			RunTimeline timeline = RunTimeline.of(acceptedPerSecond, measureStart, measureEnd, finals);
			String summary = "measured: " + fmt(rate) + " events/s accepted; final-result latency " + latency.describe();
			if (!phases.isEmpty()) {
				timeline = timeline.withPhases(phases, loadStart);
				summary = "phases: " + String.join("; ", phases.stream()
					.map((p) -> p.label() + " " + fmt(p.acceptedPerSecond()) + "/s, p99 "
							+ PhaseReport.latency(p, samples).p99() + " ms")
					.toList());
			}
			Files.writeString(chart, SvgChart.render(timeline, List.of(heading(now), workload(o, pipeline),
					load(o, measuredFor.toMillis() / 1000.0), summary)), StandardCharsets.UTF_8);
			log.info("Chart of the run: {}", chart);
			Files.writeString(outputDir.resolve("finals.csv"), samples.csv(load::dataWait), StandardCharsets.UTF_8);
			String report = report(o, pipeline, measured, measuredFor, latency, Percentiles.of(fromLastEvent),
					completeness, baseline, watcher, chart.getFileName().toString(), maxRate(phases));
			String all = phases.isEmpty() ? report
					: report + "\n#### Phases (load continuous; each phase's latency from the windows closeable in its "
							+ "measured interval)\n\n" + PhaseReport.render(phases, samples, load::dataWait);
			return (profiles != null) ? all + latencyProfiles(phases, profiles) : all;
		}
	}

	/**
	 * Where the latency went, per phase (or for the one measured interval): each hop and stage as the
	 * services' histograms recorded it in that interval ({@link LatencyProfile}).
	 */
	private static String latencyProfiles(List<PhaseRunner.Phase> phases, PhaseProfiles profiles) {
		StringBuilder r = new StringBuilder("\n#### Where the latency goes (the services' hop and stage histograms "
				+ "over each measured interval; p50/p99 are bucket bounds)\n");
		int intervals = Math.max(1, phases.size());
		for (int i = 0; i < intervals; i++) {
			List<LatencyProfile.Row> rows = profiles.of(i);
			String name = phases.isEmpty() ? "the measured interval"
					: "phase " + phases.get(i).label() + " (" + fmt(phases.get(i).acceptedPerSecond()) + " events/s)";
			r.append('\n').append(name).append(":\n\n")
				.append((rows != null) ? LatencyProfile.table(rows) : "(the services' metrics could not be read)\n");
			String cpu = profiles.cpuOf(i);
			if (cpu != null) {
				r.append('\n').append(cpu).append('\n');
			}
		}
		return r.toString();
	}

	/** Sends probe views until a result of the probe campaign appears: the lookup table has reached processing. */
	private static void awaitPipeline(IngestClient ingest, String stream, YsbCampaigns probe, ResultWatcher watcher)
			throws InterruptedException {
		YsbGenerator generator = new YsbGenerator(probe, 7);
		String campaign = probe.campaignIds().get(0);
		long deadline = System.currentTimeMillis() + 90_000;
		while (!watcher.sawAnyResultOf(campaign)) {
			if (System.currentTimeMillis() > deadline) {
				throw new IllegalStateException("No result for the probe campaign within 90 s: is the pipeline "
						+ "running (processing, storage) and publishing changes on Redis?");
			}
			AdEvent view = generator.eventOf(campaign, "view", Instant.now());
			HttpResult r = ingest.postJson(stream, List.of(view.toJson()));
			if (r.status() == 503 || r.status() == 429) {
				// backpressure (a pipeline still warming up, a busy machine): wait as told, then ask again
				Thread.sleep(LoadDriver.retryAfterMillis(r));
				continue;
			}
			if (r.status() != 202) {
				throw new IllegalStateException("The probe event was not accepted: " + r);
			}
			Thread.sleep(500);
		}
	}

	private static String report(BenchOptions o, PipelineDefinition p, LoadDriver.Counters c, Duration measured,
			Percentiles fromWatermark, Percentiles fromLastEvent, Completeness completeness,
			PerfTestBaseline.@Nullable Result baseline, ResultWatcher watcher, String chartFile, double maxPhaseRate) {
		double seconds = measured.toMillis() / 1000.0;
		double http = c.httpEvents() / seconds;
		double amqp = c.amqpEvents() / seconds;
		StringBuilder r = new StringBuilder();
		r.append("### ").append(heading(Instant.now().truncatedTo(ChronoUnit.SECONDS))).append('\n').append('\n');
		r.append("| | |\n|---|---|\n");
		row(r, "workload", workload(o, p));
		row(r, "load", load(o, seconds));
		row(r, "HTTP accepted (202)", fmt(http) + " events/s (" + fmt(c.httpRequests() / seconds) + " requests/s)");
		row(r, "AMQP confirmed by the broker", fmt(amqp) + " events/s (" + fmt(c.amqpMessages() / seconds)
				+ " messages/s)");
		row(r, "total accepted", fmt(http + amqp) + " events/s");
		row(r, "rejected (429/503) / failed requests", c.rejected() + " / " + c.failed());
		row(r, "views counted in final results", completeness.describe());
		row(r, "final-result latency from windowEnd + max-out-of-orderness", fromWatermark.describe());
		row(r, "final-result latency from the window's last accepted view", fromLastEvent.describe());
		if (baseline != null) {
			row(r, "RabbitMQ PerfTest " + String.join(" ", baseline.arguments()), baseline.describe());
			double ours = (maxPhaseRate > 0) ? maxPhaseRate : http + amqp;
			row(r, "Tributary accepted events/s" + ((maxPhaseRate > 0) ? " (max phase)" : "") + " / PerfTest sent msg/s",
					(baseline.sendingRate() > 0) ? String.format(Locale.ROOT, "%.2f", ours / baseline.sendingRate())
							: "n/a");
		}
		row(r, "chart (events/s and final-result latency per second, beside this report)",
				"[" + chartFile + "](" + chartFile + ")");
		if (!watcher.malformedSamples().isEmpty()) {
			row(r, "unparseable change messages (samples)", String.join(" / ", watcher.malformedSamples()));
		}
		return r.toString();
	}

	/** The highest accepted rate of a max phase, 0 if none ran. */
	private static double maxRate(List<PhaseRunner.Phase> phases) {
		return phases.stream()
			.filter((p) -> p.rate().kind() == PhaseRate.Kind.MAX)
			.mapToDouble(PhaseRunner.Phase::acceptedPerSecond)
			.max()
			.orElse(0);
	}

	private static String heading(Instant at) {
		return "Tributary benchmark, " + at + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
				+ Runtime.version().feature();
	}

	private static String workload(BenchOptions o, PipelineDefinition p) {
		return "YSB: " + o.campaigns() + " campaigns x 10 ads, view/click/purchase; pipeline " + p.name() + " (tumbling "
				+ p.window().size().toSeconds() + " s, max-out-of-orderness " + p.watermark().maxOutOfOrderness().toMillis()
				+ " ms, idle-timeout " + p.watermark().idleTimeout().toSeconds() + " s)";
	}

	private static String load(BenchOptions o, double measuredSeconds) {
		PhasePlan plan = o.phases();
		if (plan.isEmpty()) {
			return fmt(measuredSeconds) + " s measured after " + o.warmup().toSeconds() + " s warm-up; HTTP batches of "
					+ o.httpBatch() + " x " + o.httpConcurrency() + " concurrent; AMQP batches of " + o.amqpBatch() + " x "
					+ o.amqpPublishers() + " publisher(s)"
					+ ((o.amqpRate() > 0) ? " capped at " + o.amqpRate() + " events/s" : " uncapped");
		}
		// the phases themselves are listed in the report's table and the chart's summary line
		return "phases of " + o.duration().toSeconds() + " s after " + plan.warmup().toSeconds() + " s warm-up (first "
				+ o.warmup().toSeconds() + " s), " + fmt(measuredSeconds) + " s measured; HTTP batches " + o.httpBatch()
				+ " x " + o.httpConcurrency() + "; AMQP batches " + o.amqpBatch() + " x " + o.amqpPublishers()
				+ ((o.amqpRate() > 0) ? ", at max capped at " + o.amqpRate() + " events/s" : "")
				+ (o.linger().isZero() ? "" : "; at fixed rates a batch holds what is due within "
						+ o.linger().toMillis() + " ms");
	}

	private static void row(StringBuilder r, String name, String value) {
		r.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
	}

	static String fmt(double value) {
		return String.format(Locale.ROOT, "%,.0f", value);
	}

}
