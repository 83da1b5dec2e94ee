package io.tributary.systemtests.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each phase's latency went: scrapes the services' metrics ({@link LatencyProfile}) when a
 * phase's measured interval begins and ends, and keeps the rows in between. A scrape that fails
 * leaves that phase without a profile (one WARN) and never stops the run.
 */
final class PhaseProfiles implements PhaseRunner.Marks {

	private static final Logger log = LoggerFactory.getLogger(PhaseProfiles.class);

	private final LatencyProfile profile;

	private final Map<Integer, LatencyProfile.Snapshot> started = new TreeMap<>();

	private final Map<Integer, List<LatencyProfile.Row>> rows = new TreeMap<>();

	private final Map<Integer, CpuLoad.Snapshot> cpuFrom = new TreeMap<>();

	private final Map<Integer, String> cpu = new TreeMap<>();

	private boolean warned;

	PhaseProfiles(LatencyProfile profile) {
		this.profile = profile;
	}

	@Override
	public void measuredFrom(int index) {
		CpuLoad.Snapshot load = CpuLoad.now();
		if (load != null) {
			this.cpuFrom.put(index, load);
		}
		LatencyProfile.Snapshot snapshot = snapshot();
		if (snapshot != null) {
			this.started.put(index, snapshot);
		}
	}

	@Override
	public void measuredTo(int index) {
		CpuLoad.Snapshot loadFrom = this.cpuFrom.get(index);
		CpuLoad.Snapshot loadTo = (loadFrom != null) ? CpuLoad.now() : null;
		if (loadFrom != null && loadTo != null) {
			this.cpu.put(index, loadFrom.until(loadTo));
		}
		LatencyProfile.Snapshot from = this.started.get(index);
		LatencyProfile.Snapshot to = (from != null) ? snapshot() : null;
		if (from != null && to != null) {
			this.rows.put(index, LatencyProfile.between(from, to));
		}
	}

	/** The phase's rows, or null when a scrape failed. */
	@Nullable List<LatencyProfile.Row> of(int index) {
		return this.rows.get(index);
	}

	/** How busy the CPUs were in the phase, one line, or null where it cannot be read. */
	@Nullable String cpuOf(int index) {
		return this.cpu.get(index);
	}

	private LatencyProfile.@Nullable Snapshot snapshot() {
		try {
			return this.profile.snapshot();
		}
		catch (RuntimeException ex) {
			if (!this.warned) {
				this.warned = true;
				log.warn("No latency profile: cannot read the services' metrics ({}); the key needs the admin scope",
						ex.getMessage());
			}
			return null;
		}
	}

}
