package io.tributary.systemtests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How busy the machine's CPUs were over an interval, from Linux's counters: the share of CPU time
 * not idle ({@code /proc/stat}) and the share of wall time in which some runnable task waited for a
 * core ({@code /proc/pressure/cpu}, "some"). The second is what a latency percentile feels: a stage
 * ready to run but waiting for a core. Null where the files do not exist (not Linux, or no PSI).
 */
final class CpuLoad {

	private static final Path STAT = Path.of("/proc/stat");

	private static final Path PRESSURE = Path.of("/proc/pressure/cpu");

	private CpuLoad() {
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
			return new Snapshot(System.nanoTime(), total, total - idle, stalled);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * @param stalledMicros the cumulative time some task waited for a core, or -1 without PSI
	 */
	record Snapshot(long nanos, long jiffies, long busyJiffies, long stalledMicros) {

		/** The interval from this snapshot to a later one, as one line of text. */
		String until(Snapshot later) {
			double busy = (later.jiffies > this.jiffies)
					? 100.0 * (later.busyJiffies - this.busyJiffies) / (later.jiffies - this.jiffies) : 0;
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "CPU: %.0f%% busy (of %d cores)", busy,
					Runtime.getRuntime().availableProcessors()));
			if (this.stalledMicros >= 0 && later.stalledMicros >= 0 && later.nanos > this.nanos) {
				double stalled = 100.0 * (later.stalledMicros - this.stalledMicros) * 1_000 / (later.nanos - this.nanos);
				line.append(String.format(Locale.ROOT,
						"; some runnable task waited for a core %.0f%% of the time (/proc/pressure/cpu)", stalled));
			}
			return line.toString();
		}

	}

}
