package io.tributary.systemtests.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How busy the machine's CPUs were over an interval, from Linux's counters: the share of CPU time
 * not idle ({@code /proc/stat}), the share of wall time in which some runnable task waited for a
 * core ({@code /proc/pressure/cpu}, "some": what a latency percentile feels, a stage ready to run
 * but waiting for a core), and who used it: each Tributary service, RabbitMQ, Redis and this
 * process (the load generator), found by their command lines in {@code /proc/<pid>}. Null where the
 * files do not exist (not Linux).
 */
final class CpuLoad {

	private static final Path PROC = Path.of("/proc");

	private static final Path STAT = PROC.resolve("stat");

	private static final Path PRESSURE = PROC.resolve("pressure/cpu");

	/** Who is who, by a part of the command line, in the order printed. */
	private static final Map<String, String> PROCESSES = processes();

	private static final String LOAD_GENERATOR = "load generator";

	private static final String PID = "#";

	/** Marks a process that was not there at the interval's start (e.g. a restarted instance). */
	static final String STARTED = " (started in the interval)";

	private CpuLoad() {
	}

	private static Map<String, String> processes() {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("ingestion-service", "ingestion");
		p.put("processing-service", "processing");
		p.put("storage-service", "storage");
		p.put("query-service", "query");
		p.put("beam.smp", "RabbitMQ");
		p.put("redis-server", "Redis");
		return p;
	}

	/** The counters now, or null where they cannot be read. */
	static @Nullable Snapshot now() {
		try {
			String[] cpu = Files.readAllLines(STAT).get(0).trim().split("\\s+");
			long total = 0;
			long idle = 0;
			for (int i = 1; i < cpu.length && i <= 8; i++) {
				long v = Long.parseLong(cpu[i]);
				total += v;
				if (i == 4 || i == 5) { // idle, iowait
					idle += v;
				}
			}
			long stalled = -1;
			if (Files.isReadable(PRESSURE)) {
				List<String> lines = Files.readAllLines(PRESSURE);
				for (String field : lines.get(0).split("\\s+")) {
					if (field.startsWith("total=")) {
						stalled = Long.parseLong(field.substring("total=".length()));
					}
				}
			}
			return new Snapshot(System.nanoTime(), total, total - idle, stalled, ticksByProcess());
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** CPU ticks (user + system) so far of each known process, by name and pid ({@code name#pid}). */
	private static Map<String, Long> ticksByProcess() throws IOException {
		Map<String, Long> ticks = new LinkedHashMap<>();
		long self = ProcessHandle.current().pid();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path dir : entries) {
				String name = (Long.parseLong(dir.getFileName().toString()) == self) ? LOAD_GENERATOR : nameOf(dir);
				if (name == null) {
					continue;
				}
				long used = ticksOf(dir);
				if (used >= 0) {
					ticks.put(name + PID + dir.getFileName(), used);
				}
			}
		}
		return ticks;
	}

	private static @Nullable String nameOf(Path dir) {
		try {
			String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
			for (Map.Entry<String, String> p : PROCESSES.entrySet()) {
				if (cmdline.contains(p.getKey())) {
					return p.getValue() + instanceOf(cmdline);
				}
			}
			return null;
		}
		catch (IOException ex) {
			return null; // gone meanwhile
		}
	}

	/** " 0of2" for instance 0 of 2 (its command line's arguments, NUL-separated), else "". */
	static String instanceOf(String cmdline) {
		String index = null;
		String count = null;
		for (String arg : cmdline.split("\0")) {
			if (arg.startsWith("--tributary.processing.instance-index=")) {
				index = arg.substring(arg.indexOf('=') + 1);
			}
			else if (arg.startsWith("--tributary.processing.instance-count=")) {
				count = arg.substring(arg.indexOf('=') + 1);
			}
		}
		return (index != null && count != null && !"1".equals(count)) ? " " + index + "of" + count : "";
	}

	private static long ticksOf(Path dir) {
		try {
			String stat = Files.readString(dir.resolve("stat"));
			// after the command in parentheses: state is field 3, utime 14, stime 15
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(f[11]) + Long.parseLong(f[12]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * @param stalledMicros the cumulative time some task waited for a core, or -1 without PSI
	 * @param processes     CPU ticks so far per known process, by {@code name#pid}
	 */
	record Snapshot(long nanos, long jiffies, long busyJiffies, long stalledMicros, Map<String, Long> processes) {

		/** The interval from this snapshot to a later one, as text. */
		String until(Snapshot later) {
			long ticks = later.jiffies - this.jiffies;
			double busy = (ticks > 0) ? 100.0 * (later.busyJiffies - this.busyJiffies) / ticks : 0;
			int cores = Runtime.getRuntime().availableProcessors();
			StringBuilder line = new StringBuilder(
					String.format(Locale.ROOT, "CPU: %.0f%% busy (of %d cores)", busy, cores));
			if (this.stalledMicros >= 0 && later.stalledMicros >= 0 && later.nanos > this.nanos) {
				double stalled = 100.0 * (later.stalledMicros - this.stalledMicros) * 1_000 / (later.nanos - this.nanos);
				line.append(String.format(Locale.ROOT,
						"; some runnable task waited for a core %.0f%% of the time (/proc/pressure/cpu)", stalled));
			}
			if (ticks > 0) {
				// /proc/stat's ticks are of all cores together, as the processes' are
				StringBuilder by = new StringBuilder();
				long known = 0;
				// per process: one that began in the interval counts from its start; one that ended in it
				// is not counted (its last ticks are gone with it)
				Map<String, Long> usedByName = new LinkedHashMap<>();
				later.processes.forEach((process, now) -> {
					long used = now - this.processes.getOrDefault(process, 0L);
					if (used > 0) {
						String name = process.substring(0, process.lastIndexOf(PID));
						usedByName.merge(this.processes.containsKey(process) ? name : name + STARTED, used, Long::sum);
					}
				});
				List<String> names = new java.util.ArrayList<>();
				List<String> bases = new java.util.ArrayList<>(PROCESSES.values());
				bases.add(LOAD_GENERATOR);
				for (String base : bases) {
					// "processing", or each instance ("processing 0of2"), each "(started in the interval)" after it
					usedByName.keySet().stream().filter((name) -> name.equals(base) || name.startsWith(base + " "))
						.sorted().forEach(names::add);
				}
				for (String name : names) {
					long used = usedByName.getOrDefault(name, 0L);
					if (used > 0) {
						known += used;
						by.append(by.isEmpty() ? "" : ", ")
							.append(String.format(Locale.ROOT, "%s %.0f%%", name, 100.0 * used / ticks));
					}
				}
				long other = (later.busyJiffies - this.busyJiffies) - known;
				by.append(String.format(Locale.ROOT, ", everything else %.0f%%", 100.0 * Math.max(0, other) / ticks));
				line.append(".\nCPU time by process (shares of all cores' time): ").append(by);
			}
			return line.toString();
		}

	}

}
