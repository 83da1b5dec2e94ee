package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.tributary.contract.WindowResult;
import io.tributary.systemtests.e2e.YsbReference.Expected;
import io.tributary.systemtests.e2e.YsbReference.WindowKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polls the query service until the results of a pipeline's keys equal the reference, then checks
 * once more a little later that they stay equal (nothing arrives twice); fails with every difference
 * and the service logs' tails when the deadline passes.
 */
final class ResultsAwaiter {

	private static final Logger log = LoggerFactory.getLogger(ResultsAwaiter.class);

	private final RunningSystem system;

	private final String pipeline;

	ResultsAwaiter(RunningSystem system, String pipeline) {
		this.system = system;
		this.pipeline = pipeline;
	}

	void awaitEqual(Map<WindowKey, Expected> expected, Collection<String> keys, Duration timeout, String what) {
		long started = System.nanoTime();
		long deadline = started + timeout.toNanos();
		List<String> differences = differences(expected, keys);
		while (!differences.isEmpty() && System.nanoTime() < deadline) {
			RunningSystem.sleep(Duration.ofSeconds(1));
			differences = differences(expected, keys);
		}
		assertThat(differences).as("%s: after %s, %s%s", what, timeout, ResultComparison.summary(differences, 25),
				this.system.cluster.logTails(30)).isEmpty();
		log.info("{}: {} windows of {} equal the reference after {} ms", what, expected.size(), this.pipeline,
				(System.nanoTime() - started) / 1_000_000);
		// revisions may still be in flight after an equal read (a re-published outbox, a redelivery):
		// whatever comes later must not change the answer
		RunningSystem.sleep(Duration.ofSeconds(3));
		differences = differences(expected, keys);
		assertThat(differences).as("%s: equal at first, then %s", what, ResultComparison.summary(differences, 25))
			.isEmpty();
	}

	/** The keys the query service lists for the pipeline must be exactly the expected ones. */
	void assertKeysListed(Collection<String> expectedKeys) {
		assertThat(this.system.query.keys(this.pipeline, 1000)).as("keys of %s", this.pipeline)
			.containsExactlyInAnyOrderElementsOf(expectedKeys);
	}

	private List<String> differences(Map<WindowKey, Expected> expected, Collection<String> keys) {
		List<WindowResult> actual = new ArrayList<>();
		for (String key : keys) {
			actual.addAll(this.system.query.results(this.pipeline, key));
		}
		return ResultComparison.differences(expected, actual, PipelineYaml.WINDOW);
	}

}
