package io.tributary.systemtests.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.contract.pipeline.Durations;
import io.tributary.systemtests.client.AmqpSettings;
import org.jspecify.annotations.Nullable;

/** The benchmark's options, from {@code --name=value} arguments; every one has a default. */
record BenchOptions(boolean launch, boolean baselineOnly, URI ingestion, URI query, AmqpSettings rabbit,
		String redisHost, int redisPort, String namespace, Path pipelineFile, String pipeline, Duration duration,
		Duration warmup, int httpBatch, int httpConcurrency, int amqpBatch, int amqpPublishers, int amqpRate,
		Duration linger, int campaigns, long seed, Duration perfTest, Path outputDir, @Nullable String apiKey, PhasePlan phases,
		boolean aotCache, int partitions, int processingInstances, boolean standby, int restartNice) {

	static final Map<String, String> DEFAULTS = defaults();

	/** The name of the benchmark's API key: {@code ./tributary bench} makes it, {@code --launch} too. */
	static final String BENCH_KEY = "bench";

	/**
	 * The benchmark key's own rate limit, as service properties (the same as {@code ./tributary up} gives
	 * the services): far above the ~112 requests/s of a full-load run with one key, which the default
	 * per-key limit (100/s, burst 1000) would answer with 429s after about 80 s.
	 */
	static final Map<String, String> BENCH_KEY_LIMIT = Map.of(
			"tributary.rate-limits.keys." + BENCH_KEY + ".requests", "100000",
			"tributary.rate-limits.keys." + BENCH_KEY + ".burst", "100000");

	static final String USAGE = """
			Tributary benchmark: the Yahoo Streaming Benchmark workload against running services.
			Options (--name=value):
			  --launch=false            true: start the four service jars here (fresh namespace and vhost), stop them after
			  --aot-cache=true          with --launch: start them from a JVM AOT cache, recorded once per build (Java 25+;
			                            docs/operations.md, "Start-up time"); false: from the plain jars
			  --baseline-only=false     true: only the RabbitMQ PerfTest baseline (no services needed)
			  --ingestion=http://127.0.0.1:8081   --query=http://127.0.0.1:8084
			  --rabbit-host=127.0.0.1 --rabbit-port=5672 --rabbit-user=guest --rabbit-password=guest --rabbit-vhost=/
			  --redis-host=127.0.0.1 --redis-port=6379      (results are timed from the pipeline's change channel)
			  --namespace=tributary     the services' tributary.namespace
			  --pipeline-file=pipelines/example.yaml   --pipeline=campaign-views   (a YSB pipeline: lookup on event.ad_id)
			  --duration=60s --warmup=10s   (with --rates: each phase's measured time; the first phase's warm-up)
			  --rates=                  phases at fixed rates, e.g. max,50%,80%: max = unpaced (today's run), N% = N% of
			                            the last max phase's accepted events/s, a number = events/s; the load runs on
			                            across phases, each reported with its p99 against the targets. Empty: one run
			  --phase-warmup=10s        the unmeasured start of every later phase (a previous backlog drains)
			  --recovery=false          true (needs --launch=true and max in --rates): a last phase at 50% of max in
			                            which processing is killed (SIGKILL) and restarted; prints the recovery time
			  --http-batch=500 --http-concurrency=4
			  --amqp-batch=500 --amqp-publishers=1 --amqp-rate=5000   (events/s over all publishers; 0 = unlimited)
			  --linger=0s               at a fixed rate, a batch holds the events due within this time (at most the
			                            batch size), as a publisher sends what happened in the last few ms; 0s: full
			                            batches (at 5,000 events/s a batch of 500 goes every 100 ms, and a window can
			                            close only with the first batch stamped after it)
			  --campaigns=100 --seed=42
			  --partitions=8            tributary.processing.partitions: with --launch, what the launched services run
			                            with; without, what the running ones do (the report's data wait is per partition)
			  --processing-instances=1  with --launch: processing instances (i of n own the partitions p % n == i); the
			                            recovery phase kills the first
			  --standby=false           with --launch: tributary.processing.standby.enabled, each processing instance
			                            standing by for the others' partitions (needs --processing-instances >= 2)
			  --restart-nice=0          the recovery phase restarts processing at this niceness (nice -n, 0-19): an
			                            experiment that gives the restarted JVM's start-up only the CPU the others
			                            leave, as a machine of its own would (the default: as an operator's restart)
			  --perf-test=15s           RabbitMQ PerfTest baseline duration (0s: skip)
			  --output-dir=target/bench
			  --api-key-file=.tributary/api-key   the key the services accept; ./tributary bench passes
			                            .tributary/bench-key (key bench, with its own rate limit); else
			                            $TRIBUTARY_API_KEY; --launch makes its own (bench, own limit)
			""";

	private static Map<String, String> defaults() {
		Map<String, String> d = new LinkedHashMap<>();
		d.put("launch", "false");
		d.put("aot-cache", "true");
		d.put("baseline-only", "false");
		d.put("ingestion", "http://127.0.0.1:8081");
		d.put("query", "http://127.0.0.1:8084");
		d.put("rabbit-host", "127.0.0.1");
		d.put("rabbit-port", "5672");
		d.put("rabbit-user", "guest");
		d.put("rabbit-password", "guest");
		d.put("rabbit-vhost", "/");
		d.put("redis-host", "127.0.0.1");
		d.put("redis-port", "6379");
		d.put("namespace", "tributary");
		d.put("pipeline-file", "pipelines/example.yaml");
		d.put("pipeline", "campaign-views");
		d.put("duration", "60s");
		d.put("warmup", "10s");
		d.put("rates", "");
		d.put("phase-warmup", "10s");
		d.put("recovery", "false");
		d.put("http-batch", "500");
		d.put("http-concurrency", "4");
		d.put("amqp-batch", "500");
		d.put("amqp-publishers", "1");
		d.put("amqp-rate", "5000");
		d.put("linger", "0s");
		d.put("campaigns", "100");
		d.put("partitions", "8");
		d.put("processing-instances", "1");
		d.put("standby", "false");
		d.put("restart-nice", "0");
		d.put("seed", "42");
		d.put("perf-test", "15s");
		d.put("output-dir", "target/bench");
		d.put("api-key-file", ".tributary/api-key");
		return Map.copyOf(d);
	}

	/** @throws IllegalArgumentException naming the bad option */
	static BenchOptions parse(String[] args, Path repoRoot) {
		Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
		Set<String> known = new TreeSet<>(DEFAULTS.keySet());
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			String name = arg.substring(2, arg.indexOf('='));
			if (!known.contains(name)) {
				throw new IllegalArgumentException("Unknown option --" + name + "; known: " + known);
			}
			values.put(name, arg.substring(arg.indexOf('=') + 1));
		}
		Path pipelineFile = Path.of(values.get("pipeline-file"));
		if (!pipelineFile.isAbsolute() && !pipelineFile.toFile().exists()) {
			pipelineFile = repoRoot.resolve(pipelineFile);
		}
		BenchOptions options = new BenchOptions(Boolean.parseBoolean(values.get("launch")),
				Boolean.parseBoolean(values.get("baseline-only")),
				URI.create(values.get("ingestion")), URI.create(values.get("query")),
				new AmqpSettings(values.get("rabbit-host"), integer(values, "rabbit-port"), values.get("rabbit-user"),
						values.get("rabbit-password"), values.get("rabbit-vhost")),
				values.get("redis-host"), integer(values, "redis-port"), values.get("namespace"), pipelineFile,
				values.get("pipeline"), duration(values, "duration"), duration(values, "warmup"),
				integer(values, "http-batch"), integer(values, "http-concurrency"), integer(values, "amqp-batch"),
				integer(values, "amqp-publishers"), integer(values, "amqp-rate"), duration(values, "linger"),
				integer(values, "campaigns"),
				Long.parseLong(values.get("seed")), duration(values, "perf-test"), Path.of(values.get("output-dir")),
				apiKey(repoRoot.resolve(values.get("api-key-file"))),
				new PhasePlan(PhaseRate.parseList(values.get("rates")), duration(values, "phase-warmup"),
						bool(values, "recovery")),
				bool(values, "aot-cache"), integer(values, "partitions"), integer(values, "processing-instances"),
				bool(values, "standby"), integer(values, "restart-nice"));
		options.validate();
		return options;
	}

	/** The key in the file (what {@code ./tributary up} wrote), else {@code TRIBUTARY_API_KEY}, else none. */
	private static @Nullable String apiKey(Path file) {
		try {
			if (Files.isRegularFile(file)) {
				return Files.readString(file).strip();
			}
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("--api-key-file " + file + " cannot be read: " + ex.getMessage(), ex);
		}
		String fromEnvironment = System.getenv("TRIBUTARY_API_KEY");
		return (fromEnvironment != null && !fromEnvironment.isBlank()) ? fromEnvironment.strip() : null;
	}

	@Override
	public String toString() {
		return "BenchOptions[ingestion=" + this.ingestion + ", query=" + this.query + ", namespace=" + this.namespace
				+ ", pipeline=" + this.pipeline + ", duration=" + this.duration + ", phases=" + this.phases + ", api key "
				+ ((this.apiKey != null) ? "given" : "none") + "]";
	}

	private void validate() {
		require(!this.duration.isZero(), "--duration must be > 0");
		require(this.duration.compareTo(Duration.ofMinutes(30)) <= 0, "--duration is at most 30m");
		require(this.warmup.compareTo(Duration.ofMinutes(5)) <= 0, "--warmup is at most 5m");
		require(this.phases.warmup().compareTo(Duration.ofMinutes(5)) <= 0, "--phase-warmup is at most 5m");
		require(!this.phases.recovery() || this.launch, "--recovery=true needs --launch=true: the benchmark kills and "
				+ "restarts a processing service only if it started the services itself");
		require(!this.phases.recovery() || this.phases.rates().contains(PhaseRate.MAX),
				"--recovery=true runs at 50% of the max phase's rate: put max in --rates (e.g. --rates=max)");
		require(this.phases.isEmpty() || !this.baselineOnly, "--baseline-only runs no load: no --rates or --recovery");
		require(this.perfTest.compareTo(Duration.ofMinutes(5)) <= 0, "--perf-test is at most 5m");
		require(this.httpBatch > 0 && this.amqpBatch > 0, "batch sizes must be > 0");
		require(this.httpConcurrency >= 0 && this.amqpPublishers >= 0, "concurrency must be >= 0");
		require(this.httpConcurrency + this.amqpPublishers > 0, "no load: set --http-concurrency or --amqp-publishers");
		require(!this.baselineOnly || !this.perfTest.isZero(), "--baseline-only with --perf-test=0 measures nothing");
		require(this.amqpRate >= 0, "--amqp-rate must be >= 0");
		require(this.partitions > 0, "--partitions must be > 0");
		require(this.processingInstances > 0 && this.processingInstances <= this.partitions,
				"--processing-instances must be between 1 and --partitions, got " + this.processingInstances);
		require(this.processingInstances == 1 || this.launch, "--processing-instances needs --launch=true");
		require(!this.standby || this.processingInstances >= 2,
				"--standby=true needs --processing-instances=2 or more: a standby stands in for another instance");
		require(this.restartNice >= 0 && this.restartNice <= 19, "--restart-nice is between 0 and 19, got "
				+ this.restartNice);
		require(this.restartNice == 0 || this.phases.recovery(), "--restart-nice needs --recovery=true: only the "
				+ "recovery phase restarts processing");
		require(!this.linger.isNegative() && this.linger.compareTo(Duration.ofSeconds(1)) <= 0,
				"--linger is between 0s and 1s, got " + this.linger);
		require(this.campaigns > 0, "--campaigns must be > 0");
		// load only ever goes to this machine
		for (String host : new String[] { this.ingestion.getHost(), this.query.getHost(), this.rabbit.host(),
				this.redisHost }) {
			require(isLoopback(host), "only loopback targets are allowed (127.0.0.1, localhost, ::1), got " + host);
		}
	}

	static boolean isLoopback(String host) {
		return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
				|| host.equals("[::1]"));
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	private static boolean bool(Map<String, String> values, String name) {
		String text = values.get(name);
		if (!text.equals("true") && !text.equals("false")) {
			throw new IllegalArgumentException("--" + name + " must be true or false, got '" + text + "'");
		}
		return Boolean.parseBoolean(text);
	}

	private static int integer(Map<String, String> values, String name) {
		try {
			return Integer.parseInt(values.get(name));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be an integer, got '" + values.get(name) + "'");
		}
	}

	private static Duration duration(Map<String, String> values, String name) {
		String text = values.get(name);
		if ("0".equals(text)) {
			return Duration.ZERO;
		}
		try {
			return Durations.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("--" + name + ": " + ex.getMessage());
		}
	}

	/**
	 * The JVM options of the services it launches: {@code TRIBUTARY_JAVA_OPTS} when set (the variable
	 * {@code ./tributary up} reads, split at white space), else a 256 MB to 1 GB heap; the run's
	 * header prints them.
	 */
	static List<String> serviceJvmArgs(@Nullable String fromEnvironment) {
		List<String> args = new ArrayList<>();
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			args.addAll(List.of(fromEnvironment.trim().split("\\s+")));
		}
		else {
			args.addAll(List.of("-Xms256m", "-Xmx1g"));
		}
		if (!args.contains("-XX:+ExitOnOutOfMemoryError")) {
			args.add("-XX:+ExitOnOutOfMemoryError");
		}
		return List.copyOf(args);
	}

}
