package io.tributary.support.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.tributary.contract.pipeline.PipelineChange;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.contract.pipeline.PipelineVersion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.SmartLifecycle;

/**
 * Compares the pipeline definitions this service loaded with the ones processing runs (their digests
 * in each pipeline's version record) every {@code interval}. A difference is reported by the health
 * contributor {@code pipelines} as {@link #OUT_OF_SYNC}, with what differs, and logged once as a WARN
 * when it appears or changes (and once as INFO when it is gone). It is not part of readiness: during
 * a rolling update the services read different files for a while, and refusing traffic then would
 * stop the update.
 */
public class PipelineAgreement implements HealthIndicator, SmartLifecycle {

	/** Health status of a service whose pipeline definitions differ from the ones processing runs. */
	public static final Status OUT_OF_SYNC = new Status("OUT_OF_SYNC",
			"this service's pipeline file differs from the one processing runs");

	private static final Logger log = LoggerFactory.getLogger(PipelineAgreement.class);

	private final Map<String, PipelineFingerprint> own;

	private final Function<String, @Nullable PipelineVersion> running;

	private final Duration interval;

	private volatile Health health = Health.unknown().withDetail("reason", "not checked yet").build();

	/** What the last check found different, by pipeline: logged again only when it changes. */
	private Map<String, String> lastDifferences = Map.of();

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * @param own     the fingerprints of this service's pipeline file
	 * @param running reads the version record processing wrote for a pipeline (null: none yet)
	 */
	public PipelineAgreement(Map<String, PipelineFingerprint> own, Function<String, @Nullable PipelineVersion> running,
			Duration interval) {
		this.own = Map.copyOf(own);
		this.running = running;
		this.interval = interval;
	}

	@Override
	public Health health() {
		return this.health;
	}

	/** Compares once, updates the health and logs what changed since the last check. */
	public synchronized Health check() {
		Map<String, Object> details = new LinkedHashMap<>();
		Map<String, String> differences = new LinkedHashMap<>();
		try {
			for (PipelineFingerprint mine : this.own.values()) {
				PipelineVersion theirs = this.running.apply(mine.pipeline());
				if (theirs == null) {
					details.put(mine.pipeline(), Map.of("digest", mine.digest(), "processing", "not run yet"));
					continue;
				}
				Map<String, Object> detail = new LinkedHashMap<>();
				detail.put("digest", mine.digest());
				detail.put("processing", theirs.definition().digest());
				detail.put("version", theirs.version());
				if (!theirs.definition().digest().equals(mine.digest())) {
					String what = PipelineChange.between(theirs.definition(), mine).summary();
					detail.put("differs", what);
					differences.put(mine.pipeline(), what);
				}
				details.put(mine.pipeline(), detail);
			}
		}
		catch (RuntimeException ex) {
			// Redis unreachable: its own health says so; this one cannot tell
			this.health = Health.unknown().withDetail("reason", "cannot read what processing runs: " + ex.getMessage())
				.build();
			return this.health;
		}
		if (!differences.equals(this.lastDifferences)) {
			if (differences.isEmpty()) {
				log.info("The pipeline definitions now agree with the ones processing runs");
			}
			else {
				differences.forEach((pipeline, what) -> log.warn(
						"Pipeline '{}': this service's definition differs from the one processing runs (processing -> this service: {}); "
								+ "deploy the same pipeline file to every service",
						pipeline, what));
			}
			this.lastDifferences = Map.copyOf(differences);
		}
		this.health = Health.status(differences.isEmpty() ? Status.UP : OUT_OF_SYNC).withDetails(details).build();
		return this.health;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pipeline-agreement");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::checkQuietly, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.scheduler = executor;
	}

	private void checkQuietly() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			log.debug("Pipeline agreement check failed", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
