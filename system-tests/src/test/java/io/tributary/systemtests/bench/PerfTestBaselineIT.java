package io.tributary.systemtests.bench;

import java.nio.file.Path;
import java.time.Duration;

import io.tributary.systemtests.client.AmqpSettings;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** PerfTest really runs, as a separate JVM, against the local broker (this run's virtual host). */
class PerfTestBaselineIT {

	@Test
	void measuresTheBrokerInAChildJvm(@TempDir Path dir) {
		TestInfrastructure.Rabbit r = TestInfrastructure.rabbit();
		AmqpSettings broker = new AmqpSettings(r.host(), r.port(), r.username(), r.password(), r.virtualHost());

		PerfTestBaseline.Result result = PerfTestBaseline.run(broker, Duration.ofSeconds(3), dir.resolve("perf-test.log"));

		assertThat(result.sendingRate()).isPositive();
		assertThat(result.receivingRate()).isPositive();
		assertThat(dir.resolve("perf-test.log")).content().contains("sending rate avg");
	}

}
