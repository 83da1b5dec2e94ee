package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault drill: the only ingestion instance is killed (SIGKILL) while the YSB feed is being sent and
 * started again 15 s later, while the client keeps sending the chunk it could not deliver (the same
 * events, the same ids) until it is accepted. Processing sees neither events nor ingestion's progress
 * markers meanwhile: a quiet stream and an unreachable publisher look alike, so no window may close
 * on the idle timeout (3 s) — every window must equal the reference, with the retried events on time.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class IngestionOutageDrillIT {

	private static final int SIGKILL_EXIT_CODE = 128 + 9;

	private static final Duration OUTAGE = Duration.ofSeconds(15);

	/** The chunk before which ingestion is killed: about 4 s into the feed. */
	private static final int KILL_BEFORE_CHUNK = 25;

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		system = RunningSystem.start(IngestionOutageDrillIT.class, PipelineYaml.ysb(Map.of("outage-ingestion", "events-i")));
	}

	@AfterAll
	static void stopServices() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void theOnlyIngestionInstanceDownMidStreamClosesNoWindowEarly() {
		CountDownLatch killed = new CountDownLatch(1);
		AtomicInteger exitCode = new AtomicInteger();
		// 45 s of event time in chunks of half a second, one chunk every 150 ms: about 14 s of sending
		// without the outage; the client retries a chunk for up to 5 minutes (a loaded machine restarts
		// slowly). Ingestion is killed between two chunks (about 4 s in), so no request is half-accepted.
		List<Map<String, Object>> sent = MidStreamDrill.run(system, "outage-ingestion", "events-i", 31,
				Duration.ofSeconds(45), Duration.ofMillis(150), Duration.ofMinutes(5), (index) -> {
					// once: a chunk sent again (a retry in the plan) has its original's index
					if (index == KILL_BEFORE_CHUNK && killed.getCount() > 0) {
						exitCode.set(system.cluster.kill(Service.INGESTION));
						killed.countDown();
					}
				}, (sending, sentSoFar) -> {
					try {
						assertThat(killed.await(2, TimeUnit.MINUTES)).as("ingestion killed mid-feed").isTrue();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new AssertionError(ex);
					}
					assertThat(sending).as("the feed is still being sent while ingestion is down").isNotDone();
					RunningSystem.sleep(OUTAGE);
					system.cluster.restart(Service.INGESTION);
				});
		assertThat(exitCode.get()).as("exit code of ingestion after SIGKILL").isEqualTo(SIGKILL_EXIT_CODE);
		assertThat(sent).as("events sent").isNotEmpty();
	}

}
