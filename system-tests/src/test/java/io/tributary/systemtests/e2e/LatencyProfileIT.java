package io.tributary.systemtests.e2e;

import java.util.List;
import java.util.Map;

import io.tributary.systemtests.bench.LatencyProfile;
import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the latency of the {@link ReferenceScenario}'s results went, as the benchmark reads it: every
 * hop between the services (the sent-at header crossed each on the real broker) and every stage
 * recorded its part, scraped from the four processes' {@code /actuator/prometheus}.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class LatencyProfileIT {

	private static final Logger log = LoggerFactory.getLogger(LatencyProfileIT.class);

	private static final String PIPELINE = "campaign-views";

	private static final String STREAM = "ad-events";

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		system = RunningSystem.start(LatencyProfileIT.class, PipelineYaml.ysb(Map.of(PIPELINE, STREAM)));
	}

	@AfterAll
	static void stopServices() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void everyHopAndStageOfTheDataPathIsMeasured() {
		LatencyProfile profile = new LatencyProfile(system.cluster.baseUri(Service.INGESTION),
				system.cluster.baseUri(Service.PROCESSING), system.cluster.baseUri(Service.STORAGE),
				system.cluster.apiKey().key());
		LatencyProfile.Snapshot before = profile.snapshot();

		ReferenceScenario.run(system, PIPELINE, STREAM, 13, "profile");

		List<LatencyProfile.Row> rows = LatencyProfile.between(before, profile.snapshot());
		log.info("Latency profile of the reference scenario:\n{}", LatencyProfile.table(rows));
		assertThat(rows).hasSize(10).allSatisfy((row) -> assertThat(row.count()).as(row.component()).isPositive());
	}

}
