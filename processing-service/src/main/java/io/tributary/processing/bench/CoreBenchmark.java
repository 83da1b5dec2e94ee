package io.tributary.processing.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tributary.contract.WireFormat;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The core benchmark ({@code ./tributary bench-core}): the YSB job through the processing core in
 * this JVM, a warm-up run and then a measured one on fresh state, printing CPU per event and
 * events per second in the Flink peer's form and checking that the final window counts add up to
 * the views generated. {@code --profile FILE} records the measured run with JFR and prints where
 * its CPU went, stage by stage ({@link StageProfile}).
 */
public final class CoreBenchmark {

	/** What a run does; the defaults are the documented benchmark. */
	record Settings(long events, long warmupEvents, int batchEvents, int routeBatch, int partitions, int templates,
			long seed, @Nullable Path profile) {

		static Settings parse(String[] args) {
			long events = 10_000_000;
			long warmup = 2_000_000;
			int batch = 500;
			int routeBatch = 4;
			int partitions = 8;
			int templates = 100_000;
			long seed = 42;
			Path profile = null;
			for (int i = 0; i < args.length; i++) {
				String name = args[i];
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException(name + " needs a value");
				}
				String value = args[++i];
				switch (name) {
					case "--events" -> events = Long.parseLong(value);
					case "--warmup-events" -> warmup = Long.parseLong(value);
					case "--batch-events" -> batch = Integer.parseInt(value);
					case "--route-batch" -> routeBatch = Integer.parseInt(value);
					case "--partitions" -> partitions = Integer.parseInt(value);
					case "--templates" -> templates = Integer.parseInt(value);
					case "--seed" -> seed = Long.parseLong(value);
					case "--profile" -> profile = Path.of(value);
					default -> throw new IllegalArgumentException("unknown option " + name + " (--events, --warmup-events,"
							+ " --batch-events, --route-batch, --partitions, --templates, --seed, --profile)");
				}
			}
			if (events < 1 || warmup < 0 || batch < 1 || routeBatch < 1 || partitions < 1 || templates < 1) {
				throw new IllegalArgumentException("counts must be positive");
			}
			return new Settings(events, warmup, batch, routeBatch, partitions, templates, seed, profile);
		}

	}

	/** What one run measured and counted. */
	record Run(long events, long expectedViews, YsbCore.Counted counted, YsbCore.Traffic traffic, long wallNanos,
			long processCpuNanos, long threadCpuNanos, long gcMillis, double averageDataBytes, long wireBytes,
			long allocatedBytes, long generatorAllocatedBytes) {

		boolean ok() {
			return this.counted.views() == this.expectedViews && this.counted.notFinal() == 0;
		}

		double cpuMicrosPerEvent() {
			return this.processCpuNanos / 1e3 / this.events;
		}

		double threadCpuMicrosPerEvent() {
			return this.threadCpuNanos / 1e3 / this.events;
		}

		/** Heap the core allocated per event on the benchmark thread, the generator's own left out. */
		double coreAllocatedBytesPerEvent() {
			return (double) (this.allocatedBytes - this.generatorAllocatedBytes) / this.events;
		}

	}

	private CoreBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		quietLogging();
		Settings settings;
		try {
			settings = Settings.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("bench-core: " + ex.getMessage());
			System.exit(64);
			return;
		}
		PrintStream out = System.out;
		out.printf(Locale.ROOT,
				"tributary-core-ysb: java=%s cores=%d batch_events=%d route_batch=%d partitions=%d wire=%s%n",
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), settings.batchEvents(),
				settings.routeBatch(), settings.partitions(),
				WireFormat.messageEncoding().name().toLowerCase(Locale.ROOT));
		if (settings.warmupEvents() > 0) {
			// Two rounds of half the warm-up each: the end of a run (the end-of-input marker, every window
			// firing) takes branches the events never took, and the JIT drops the hot methods' code there;
			// the second round compiles them again with those branches, so the measured run does not.
			long first = settings.warmupEvents() / 2;
			Run firstRound = run(settings, first, 0, null);
			Run secondRound = run(settings, settings.warmupEvents() - first, 1, null);
			long events = firstRound.events() + secondRound.events();
			out.printf(Locale.ROOT,
					"tributary-core-ysb: warmup events=%d rounds=2 wall_s=%.2f cpu_us_per_event=%.3f check=%s%n",
					events, (firstRound.wallNanos() + secondRound.wallNanos()) / 1e9,
					(firstRound.processCpuNanos() + secondRound.processCpuNanos()) / 1e3 / events,
					firstRound.ok() && secondRound.ok() ? "OK" : "MISMATCH");
		}
		Path profile = settings.profile();
		Recording recording = (profile != null) ? StageProfile.recording() : null;
		Run run = run(settings, settings.events(), 2, recording);
		if (recording != null && profile != null) {
			recording.dump(profile);
			recording.close();
			StageProfile.of(profile, Thread.currentThread().getName()).print(out, run);
		}
		print(out, run);
		System.exit(run.ok() ? 0 : 2);
	}

	/**
	 * One run on fresh state: {@code events} events, measured from the first event generated to the
	 * last checkpoint, and recorded meanwhile when a recording is given.
	 */
	static Run run(Settings settings, long events, long runId, @Nullable Recording recording) {
		YsbEvents generator = new YsbEvents(settings.templates(), settings.seed(), runId);
		YsbCore core = new YsbCore(generator.campaignOfAd(), settings.partitions());
		List<byte[]> messages = new ArrayList<>(settings.routeBatch());
		long wireBytes = 0;
		// The generator's 100,000 templates (about 100 MB of small objects) and the previous run's state
		// would otherwise be copied by the run's first young collections, a few hundred milliseconds of
		// GC that is the set-up's, not the core's: collect once before the clock starts.
		System.gc();
		if (recording != null) {
			recording.start();
		}
		long gc0 = gcMillis();
		long cpu0 = processCpuNanos();
		long thread0 = threadCpuNanos();
		long allocated0 = threadAllocatedBytes();
		long generatorAllocated = 0;
		long wall0 = System.nanoTime();
		while (generator.generated() < events) {
			messages.clear();
			for (int m = 0; m < settings.routeBatch() && generator.generated() < events; m++) {
				long beforeBatch = threadAllocatedBytes();
				byte[] message = generator.nextBatch((int) Math.min(settings.batchEvents(), events - generator.generated()));
				generatorAllocated += threadAllocatedBytes() - beforeBatch;
				wireBytes += message.length;
				messages.add(message);
			}
			core.deliver(messages, YsbEvents.eventTime(generator.generated() - 1));
		}
		core.finish();
		long wall1 = System.nanoTime();
		long thread1 = threadCpuNanos();
		long allocated1 = threadAllocatedBytes();
		long cpu1 = processCpuNanos();
		long gc1 = gcMillis();
		if (recording != null) {
			recording.stop();
		}
		core.stop();
		return new Run(events, generator.viewsAmongFirst(events), core.counted(), core.traffic(), wall1 - wall0,
				cpu1 - cpu0, thread1 - thread0, gc1 - gc0, generator.averageDataBytes(), wireBytes, allocated1 - allocated0,
				generatorAllocated);
	}

	private static void print(PrintStream out, Run run) {
		YsbCore.Traffic traffic = run.traffic();
		out.printf(Locale.ROOT,
				"tributary-core-ysb: detail avg_json_bytes=%.1f wire_bytes_per_event=%.1f keyed_bytes_per_view=%.1f"
						+ " checkpoint_calls=%d checkpoint_bytes_per_event=%.1f result_messages=%d"
						+ " thread_cpu_us_per_event=%.3f gc_ms=%d alloc_bytes_per_event=%.0f%n",
				run.averageDataBytes(), (double) run.wireBytes() / run.events(),
				(double) traffic.keyedBytes() / Math.max(1, run.expectedViews()), traffic.scriptCalls(),
				(double) traffic.scriptBytes() / run.events(), run.counted().resultMessages(), run.threadCpuMicrosPerEvent(),
				run.gcMillis(), run.coreAllocatedBytesPerEvent());
		double seconds = run.wallNanos() / 1e9;
		out.printf(Locale.ROOT,
				"tributary-core-ysb: events=%d seconds=%.3f events_per_s=%.0f cpu_us_per_event=%.3f windows=%d views=%d"
						+ " expected_views=%d not_final=%d check=%s%n",
				run.events(), seconds, run.events() / seconds, run.cpuMicrosPerEvent(), run.counted().windows(),
				run.counted().views(), run.expectedViews(), run.counted().notFinal(), run.ok() ? "OK" : "MISMATCH");
	}

	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	static long threadCpuNanos() {
		return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
	}

	/** Bytes this thread allocated so far (HotSpot's count; exact, unlike a sample). */
	static long threadAllocatedBytes() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
	}

	private static long gcMillis() {
		long total = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, gc.getCollectionTime());
		}
		return total;
	}

	/** The stages log at INFO (leases taken, partitions served); a benchmark prints its own lines only. */
	static void quietLogging() {
		if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

}
