package io.tributary.systemtests.bench;

import java.time.Duration;
import java.util.List;

/**
 * The load's phases ({@code --rates}, {@code --phase-warmup}, {@code --recovery}): one phase per
 * rate, each warmed up then measured for {@code --duration}, and with {@code recovery} a last phase
 * at 50% of max in which processing is killed and restarted. No rates: the single unpaced run.
 *
 * @param rates the phases' rates in order
 * @param warmup each phase's warm-up but the first's (that is {@code --warmup})
 * @param recovery whether the recovery phase follows
 */
record PhasePlan(List<PhaseRate> rates, Duration warmup, boolean recovery) {

	/** The recovery phase's rate: half the max phase's. */
	static final PhaseRate RECOVERY_RATE = PhaseRate.percent(50);

	PhasePlan {
		rates = List.copyOf(rates);
	}

	static PhasePlan none() {
		return new PhasePlan(List.of(), Duration.ofSeconds(10), false);
	}

	boolean isEmpty() {
		return this.rates.isEmpty() && !this.recovery;
	}

}
