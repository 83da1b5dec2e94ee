package io.tributary.ingestion.backpressure;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The accept lag and the backlog as health details ({@code /actuator/health}, component
 * {@code backpressure}): always UP, and in no probe group, since an instance that refuses batches
 * because the pipeline is behind is healthy and must stay in service (another instance would refuse
 * them too).
 */
final class BacklogHealth implements HealthIndicator {

	private final Admission admission;

	BacklogHealth(Admission admission) {
		this.admission = admission;
	}

	@Override
	public Health health() {
		Admission.State state = this.admission.state();
		Health.Builder health = Health.up().withDetail("enabled", state.enabled());
		if (state.enabled()) {
			health.withDetail("acceptLagMillis", (state.acceptLagMillis() != null) ? state.acceptLagMillis() : "unknown")
				.withDetail("maxDelayMillis", state.maxDelayMillis())
				.withDetail("watched", state.watched())
				.withDetail("backlog", (state.backlog() != null) ? state.backlog() : "unknown")
				.withDetail("maxBacklog", state.maxBacklog())
				.withDetail("refusing", state.refusing() != null)
				.withDetail("reason", (state.refusing() != null) ? state.refusing().tag() : "none");
		}
		return health.build();
	}

}
