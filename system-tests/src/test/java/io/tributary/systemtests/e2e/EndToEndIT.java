package io.tributary.systemtests.e2e;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The YSB job through all four services as separate processes on the real RabbitMQ and Redis, one
 * instance each: the {@link ReferenceScenario} (disorder, duplicates, a retried request, late events),
 * every window served equal to the reference computed from what was sent, to the event.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class EndToEndIT {

	private static final String PIPELINE = "campaign-views";

	private static final String STREAM = "ad-events";

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		system = RunningSystem.start(EndToEndIT.class,
				PipelineYaml.with(PipelineYaml.ysb(Map.of(PIPELINE, STREAM)), SensorAlerts.STREAMS, SensorAlerts.PIPELINES));
	}

	@AfterAll
	static void stopServices() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void resultsEqualTheReferenceWithDisorderDuplicatesRetriesAndLateEvents() {
		ReferenceScenario.run(system, PIPELINE, STREAM, 11, "e2e");
	}

	@Test
	void alertsOpenOnTheInjectedWindowsResolveAfterwardsAndAreServed() {
		SensorAlerts.run(system);
	}

	static Instant alignedToWindow(Instant t) {
		return ReferenceScenario.alignedToWindow(t);
	}

}
