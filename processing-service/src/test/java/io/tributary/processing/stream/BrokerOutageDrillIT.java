package io.tributary.processing.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.tls.DrillRabbitNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault drill: a steady stream of events (see {@link DrillLoad}) through a processing instance whose
 * broker — a RabbitMQ node of the test's own — is stopped mid-stream for 30 s and started again; the
 * sender resends what the broker did not confirm, as ingestion's clients do. Afterwards every window's
 * final result must equal the count made as the events were sent, and nothing may be late. Pipeline
 * {@code per-user} of drill-pipelines.yaml: 2 s windows, no allowed lateness, 500 ms out-of-orderness.
 */
// each drill has its own Redis or RabbitMQ node and namespace, so it runs beside other tests, but
// not beside one that reads the log it captures from System.out, where the drill's services log too
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
@Execution(ExecutionMode.CONCURRENT)
class BrokerOutageDrillIT {

	private static final Duration OUTAGE = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	private DrillRabbitNode broker;

	private ProcessingTestBed bed;

	private final String ns = TestInfrastructure.newNamespace("drill-broker");

	@BeforeEach
	void start() throws Exception {
		this.broker = DrillRabbitNode.start(Files.createDirectories(this.dir.resolve("rabbitmq")));
		this.bed = new ProcessingTestBed(this.ns, "src/test/resources/drill-pipelines.yaml", Map.of(), null,
				this.broker.port());
	}

	@AfterEach
	void stop() {
		if (this.bed != null) {
			this.bed.close();
		}
		if (this.broker != null) {
			this.broker.close();
		}
	}

	@Test
	void theBrokerStoppedMidStreamAndStartedAgainDelaysTheWindowsAndChangesNoResult() throws Exception {
		this.bed.start();
		DrillLoad load = new DrillLoad(this.bed);
		load.start();
		Thread.sleep(5_000);
		this.broker.stop();
		Thread.sleep(OUTAGE.toMillis());
		this.broker.restart();
		Thread.sleep(5_000);
		load.stop();

		DrillLoad.Outcome outcome = load.await(Duration.ofSeconds(90));

		assertThat(load.resent()).as("batches sent again while the broker was away").isPositive();
		assertThat(load.sent()).as("events sent (500/s for 10 s and more)").isGreaterThan(4_000);
		assertThat(outcome.late()).as("late records: events a fault turned late").isEmpty();
		assertThat(outcome.finals()).isEqualTo(load.expected());
	}

}
