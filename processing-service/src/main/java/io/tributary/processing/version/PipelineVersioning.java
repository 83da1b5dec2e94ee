package io.tributary.processing.version;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.pipeline.PipelineChange;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.contract.pipeline.PipelineVersion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, on start, which version of each pipeline processing runs: the definition is compared with
 * the one processing ran before ({@link PipelineChange}); unchanged and compatible changes keep the
 * version (and so the state), an incompatible change follows the {@link IncompatibleChangePolicy}.
 * One log line per pipeline says what was decided and why.
 */
public class PipelineVersioning {

	private static final Logger log = LoggerFactory.getLogger(PipelineVersioning.class);

	/** Attempts when other instances keep writing the same records at the same time. */
	private static final int ATTEMPTS = 5;

	private final PipelineVersionStore store;

	private final IncompatibleChangePolicy policy;

	private final Clock clock;

	public PipelineVersioning(PipelineVersionStore store, IncompatibleChangePolicy policy, Clock clock) {
		this.store = store;
		this.policy = policy;
		this.clock = clock;
	}

	/** One pipeline's decision: the version it runs and the change that led there. */
	public record Decision(PipelineVersion version, PipelineChange change) {
	}

	/**
	 * Decides and records the version of each pipeline.
	 * @return the decisions by pipeline, in the file's order
	 * @throws IncompatibleChangeException with policy {@code refuse}, naming every pipeline that changed
	 * incompatibly and how (nothing is written for the others either)
	 */
	public Map<String, Decision> register(Map<String, PipelineFingerprint> definitions) {
		if (this.policy == IncompatibleChangePolicy.REFUSE) {
			List<PipelineChange> refused = new ArrayList<>();
			for (PipelineFingerprint definition : definitions.values()) {
				PipelineVersion stored = this.store.read(definition.pipeline());
				PipelineChange change = PipelineChange.between(stored == null ? null : stored.definition(), definition);
				if (change.kind() == PipelineChange.Kind.INCOMPATIBLE) {
					refused.add(change);
				}
			}
			if (!refused.isEmpty()) {
				throw new IncompatibleChangeException(refused);
			}
		}
		Map<String, Decision> decisions = new LinkedHashMap<>();
		for (PipelineFingerprint definition : definitions.values()) {
			Decision decision = decide(definition);
			log(decision);
			decisions.put(definition.pipeline(), decision);
		}
		return decisions;
	}

	private Decision decide(PipelineFingerprint definition) {
		for (int attempt = 1;; attempt++) {
			PipelineVersion stored = this.store.read(definition.pipeline());
			PipelineChange change = PipelineChange.between(stored == null ? null : stored.definition(), definition);
			PipelineVersion next = next(stored, change, definition);
			if (next.equals(stored) || this.store.writeIfUnchanged(definition.pipeline(), stored, next)) {
				return new Decision(next, change);
			}
			if (attempt == ATTEMPTS) {
				throw new IllegalStateException("pipeline '" + definition.pipeline()
						+ "': its version record kept changing while this instance recorded its version");
			}
		}
	}

	private PipelineVersion next(@Nullable PipelineVersion stored, PipelineChange change,
			PipelineFingerprint definition) {
		Instant now = this.clock.instant();
		return switch (change.kind()) {
			case NEW -> new PipelineVersion(1, now, definition);
			case UNCHANGED, COMPATIBLE -> new PipelineVersion(stored.version(), stored.since(), definition);
			case INCOMPATIBLE -> {
				if (this.policy == IncompatibleChangePolicy.REFUSE) {
					// another instance recorded an incompatible definition after the check above
					throw new IncompatibleChangeException(List.of(change));
				}
				yield new PipelineVersion(stored.version() + 1, now, definition);
			}
		};
	}

	private static void log(Decision d) {
		PipelineVersion v = d.version();
		String name = v.definition().pipeline();
		switch (d.change().kind()) {
			case NEW -> log.info("Pipeline '{}': new, version 1 begins (fingerprint {})", name,
					v.definition().fingerprint());
			case UNCHANGED -> log.info("Pipeline '{}': unchanged, version {} since {} (fingerprint {})", name,
					v.version(), v.since(), v.definition().fingerprint());
			case COMPATIBLE -> log.info("Pipeline '{}': compatible change, version {} keeps its state: {}", name,
					v.version(), d.change().summary());
			case INCOMPATIBLE -> log.warn(
					"Pipeline '{}': incompatible change, version {} begins with empty state (results of version {}"
							+ " stay stored until their retention): {}",
					name, v.version(), v.version() - 1, d.change().summary());
		}
	}

}
