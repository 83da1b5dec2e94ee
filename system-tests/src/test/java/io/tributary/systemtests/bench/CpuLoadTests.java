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
				Map.of("ingestion#10", 100L, "processing#11", 50L));
		// 2 s later: 400 ticks of all cores, 300 of them busy; some task stalled 0.5 s of the 2 s; processing
		// restarted (pid 11 gone, pid 12 used 100 ticks since it began)
		CpuLoad.Snapshot to = new CpuLoad.Snapshot(2_000_000_000L, 1_400, 700, 2_500_000,
				Map.of("ingestion#10", 200L, "processing#12", 100L, "Redis#13", 20L));

		assertThat(from.until(to)).isEqualTo("CPU: 75% busy (of " + cores + " cores); some runnable task waited for a "
				+ "core 25% of the time (/proc/pressure/cpu).\nCPU time by process (shares of all cores' time): "
				+ "ingestion 25%, processing 25%, Redis 5%, everything else 20%");
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
