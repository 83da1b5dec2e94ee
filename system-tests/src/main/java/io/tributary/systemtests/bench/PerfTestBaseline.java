package io.tributary.systemtests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.systemtests.client.AmqpSettings;

/**
 * The raw throughput of the broker on this machine, measured with RabbitMQ PerfTest in a separate JVM
 * (one producer, one consumer, persistent 1000-byte messages, publisher confirms, multi-ack), against
 * the same broker and virtual host as the services, on a queue of its own that is deleted after.
 */
final class PerfTestBaseline {

	static final String MAIN_CLASS = "com.rabbitmq.perf.PerfTest";

	private static final Pattern SENDING = Pattern.compile("sending rate avg: (\\d+) msg/s");

	private static final Pattern RECEIVING = Pattern.compile("receiving rate avg: (\\d+) msg/s");

	private static final Pattern CONSUMER_LATENCY = Pattern
		.compile("consumer latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) µs");

	/**
	 * The summary PerfTest prints at the end.
	 *
	 * @param consumerLatencyMedianMicros -1 when PerfTest did not report it
	 */
	record Result(long sendingRate, long receivingRate, long consumerLatencyMedianMicros,
			long consumerLatencyP99Micros, List<String> arguments) {

		String describe() {
			String latency = (this.consumerLatencyMedianMicros >= 0)
					? ", consumer latency median " + this.consumerLatencyMedianMicros / 1000.0 + " ms, p99 "
							+ this.consumerLatencyP99Micros / 1000.0 + " ms"
					: "";
			return "sent " + this.sendingRate + " msg/s, received " + this.receivingRate + " msg/s" + latency;
		}

	}

	private PerfTestBaseline() {
	}

	/**
	 * The PerfTest arguments: 1 producer, 1 consumer, 1000 B persistent messages, up to 100 unconfirmed,
	 * multi-ack every 100.
	 */
	static List<String> arguments(AmqpSettings broker, Duration duration, String queue) {
		return List.of("--uri", broker.uri(), "--producers", "1", "--consumers", "1", "--size", "1000", "--confirm",
				"100", "--multi-ack-every", "100", "--flag", "persistent", "--time",
				String.valueOf(Math.max(1, duration.toSeconds())), "--queue", queue, "--auto-delete", "true");
	}

	static Result run(AmqpSettings broker, Duration duration, Path logFile) {
		String queue = "tributary-bench-perftest-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> args = arguments(broker, duration, queue);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx512m");
		command.add("-cp");
		command.add(classPath());
		command.add(MAIN_CLASS);
		command.addAll(args);
		try {
			Files.createDirectories(logFile.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(logFile.toFile())
				.start();
			long limit = duration.toSeconds() + 60;
			if (!process.waitFor(limit, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("PerfTest did not finish within " + limit + " s; output in " + logFile);
			}
			String output = Files.readString(logFile, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException("PerfTest exited with " + process.exitValue() + ":\n" + output);
			}
			return parse(output, args.stream().map((a) -> a.startsWith("amqp://") ? broker.toString() : a).toList())
				.orElseThrow(() -> new IllegalStateException("No summary in the PerfTest output:\n" + output));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run PerfTest", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Optional<Result> parse(String output, List<String> arguments) {
		Matcher sending = SENDING.matcher(output);
		Matcher receiving = RECEIVING.matcher(output);
		if (!sending.find() || !receiving.find()) {
			return Optional.empty();
		}
		long median = -1;
		long p99 = -1;
		Matcher latency = CONSUMER_LATENCY.matcher(output);
		while (latency.find()) {
			// the last match is the run's summary; earlier ones are per-second samples
			median = Long.parseLong(latency.group(2));
			p99 = Long.parseLong(latency.group(5));
		}
		return Optional.of(new Result(Long.parseLong(sending.group(1)), Long.parseLong(receiving.group(1)), median, p99,
				arguments));
	}

	/**
	 * This module's runtime class path, which holds PerfTest and its dependencies: the JVM's own when
	 * started with {@code java -cp}, the test class path under Surefire and Failsafe, else the class
	 * loader's (as under {@code mvn exec:java}).
	 */
	static String classPath() {
		// java -cp; then Surefire/Failsafe, whose JVM class path is a manifest-only jar
		for (String property : new String[] { "java.class.path", "surefire.test.class.path" }) {
			String value = System.getProperty(property, "");
			if (value.contains("perf-test")) {
				return value;
			}
		}
		Set<String> entries = new LinkedHashSet<>();
		for (ClassLoader cl = Thread.currentThread().getContextClassLoader(); cl != null; cl = cl.getParent()) {
			if (cl instanceof URLClassLoader urls) {
				for (URL url : urls.getURLs()) {
					try {
						entries.add(Path.of(url.toURI()).toString());
					}
					catch (Exception ex) {
						// not a file URL: not a class path entry a child JVM can use
					}
				}
			}
		}
		String joined = String.join(java.io.File.pathSeparator, entries);
		if (!joined.contains("perf-test")) {
			throw new IllegalStateException("PerfTest (com.rabbitmq:perf-test) is not on the class path; run the "
					+ "benchmark with this module's runtime class path (see system-tests/README.md)");
		}
		return joined;
	}

}
