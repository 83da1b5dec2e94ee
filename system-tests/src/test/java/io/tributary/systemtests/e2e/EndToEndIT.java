package io.tributary.systemtests.e2e;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The YSB job through all four services as separate processes on the real RabbitMQ and Redis, one
 * instance each: the {@link ReferenceScenario} (disorder, duplicates, a retried request, late events),
 * every window served equal to the reference computed from what was sent, to the event. Last, the
 * services' logs of the whole run: a healthy run logs no ERROR and no stack trace.
 */
@ExtendWith(ServiceLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
	@Order(1)
	void resultsEqualTheReferenceWithDisorderDuplicatesRetriesAndLateEvents() {
		ReferenceScenario.run(system, PIPELINE, STREAM, 11, "e2e");
	}

	@Test
	@Order(2)
	void alertsOpenOnTheInjectedWindowsResolveAfterwardsAndAreServed() {
		SensorAlerts.run(system);
	}

	@Test
	@Order(3)
	void noServiceLoggedAnErrorOrAStackTrace() {
		assertThat(system.errorLines()).as("ERROR and stack-trace lines in the services' logs (%s)", system.logDir)
			.isEmpty();
	}

	static Instant alignedToWindow(Instant t) {
		return ReferenceScenario.alignedToWindow(t);
	}

}
