package io.tributary.systemtests.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CPU line of a phase, from two snapshots of counters worked out by hand. */
class CpuLoadTests {

	@Test
	void sharesOfTheIntervalsTicksAndStalledTime() {
		int cores = Runtime.getRuntime().availableProcessors();
		CpuLoad.Snapshot from = new CpuLoad.Snapshot(0, 1_000, 400, 2_000_000,
				Map.of("ingestion#10", 100L, "processing#11", 50L, "processing#14", 10L, "Redis#13", 5L));
		// 2 s later: 400 ticks of all cores, 300 of them busy; some task stalled 0.5 s of the 2 s; one processing
		// instance restarted (pid 11 gone, pid 12 used 100 ticks since it began), the other used 40 more
		CpuLoad.Snapshot to = new CpuLoad.Snapshot(2_000_000_000L, 1_400, 700, 2_500_000,
				Map.of("ingestion#10", 200L, "processing#12", 100L, "processing#14", 50L, "Redis#13", 25L));

		assertThat(from.until(to)).isEqualTo("CPU: 75% busy (of " + cores + " cores); some runnable task waited for a "
				+ "core 25% of the time (/proc/pressure/cpu).\nCPU time by process (shares of all cores' time): "
				+ "ingestion 25%, processing 10%, processing (started in the interval) 25%, Redis 5%, "
				+ "everything else 10%");
	}

	@Test
	void eachProcessingInstanceIsNamedByItsIndexAndTheOnesStartedInTheIntervalApart() {
		int cores = Runtime.getRuntime().availableProcessors();
		CpuLoad.Snapshot from = new CpuLoad.Snapshot(0, 0, 0, -1,
				Map.of("processing 0of2#11", 50L, "processing 1of2#14", 10L));
		CpuLoad.Snapshot to = new CpuLoad.Snapshot(1_000_000_000L, 200, 100, -1,
				Map.of("processing 0of2#12", 60L, "processing 1of2#14", 40L));

		assertThat(from.until(to)).isEqualTo("CPU: 50% busy (of " + cores + " cores).\nCPU time by process (shares of "
				+ "all cores' time): processing 0of2 (started in the interval) 30%, processing 1of2 15%, everything else 5%");
		assertThat(CpuLoad.instanceOf("java\0-jar\0p.jar\0--tributary.processing.instance-index=1\0"
				+ "--tributary.processing.instance-count=2\0")).isEqualTo(" 1of2");
		assertThat(CpuLoad.instanceOf("java\0-jar\0p.jar\0--tributary.processing.instance-index=0\0"
				+ "--tributary.processing.instance-count=1\0")).isEmpty();
		assertThat(CpuLoad.instanceOf("java\0-jar\0i.jar\0")).isEmpty();
	}

	@Test
	void readsThisMachinesCounters() {
		CpuLoad.Snapshot now = CpuLoad.now();
		if (now != null) { // Linux
			assertThat(now.jiffies()).isPositive();
			assertThat(now.processes()).containsKey("load generator#" + ProcessHandle.current().pid());
		}
	}

}
