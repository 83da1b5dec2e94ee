package io.tributary.systemtests.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.tributary.systemtests.client.AmqpSettings;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * PerfTest really runs, as a separate JVM, against the local broker (this run's virtual host): its
 * consumer received what its producer sent, the summary is the one the log ends with, and the
 * queue it used is gone afterwards.
 */
// it measures the broker's rate: alone, not beside another system test
@Isolated
class PerfTestBaselineIT {

	@Test
	void measuresTheBrokerInAChildJvmAndCleansUp(@TempDir Path dir) throws Exception {
		TestInfrastructure.Rabbit r = TestInfrastructure.rabbit();
		AmqpSettings broker = new AmqpSettings(r.host(), r.port(), r.username(), r.password(), r.virtualHost());

		PerfTestBaseline.Result result = PerfTestBaseline.run(broker, Duration.ofSeconds(3), dir.resolve("perf-test.log"));

		// a broker on loopback takes at least hundreds of confirmed messages a second, and no machine
		// here takes millions: a rate outside that range is a misread summary
		assertThat(result.sendingRate()).isBetween(200L, 2_000_000L);
		// every message sent was consumed (the consumer keeps up with one confirmed producer), so the
		// average rates agree
		assertThat((double) result.receivingRate()).isCloseTo(result.sendingRate(), within(result.sendingRate() * 0.2));
		assertThat(result.consumerLatencyMedianMicros()).isNotNegative()
			.isLessThanOrEqualTo(result.consumerLatencyP99Micros());
		// the numbers are the summary's, the last lines PerfTest printed, not a per-second sample
		String log = java.nio.file.Files.readString(dir.resolve("perf-test.log"));
		assertThat(log.substring(log.lastIndexOf("sending rate avg"))).startsWith(
				"sending rate avg: " + result.sendingRate() + " msg/s");
		assertThat(result.arguments()).doesNotContain(broker.uri()).contains(broker.toString());

		String queue = result.arguments().get(result.arguments().indexOf("--queue") + 1);
		assertThat(queueExists(r, queue)).as("PerfTest's queue %s after the run", queue).isFalse();
	}

	private static boolean queueExists(TestInfrastructure.Rabbit r, String queue) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(r.host());
		factory.setPort(r.port());
		factory.setUsername(r.username());
		factory.setPassword(r.password());
		factory.setVirtualHost(r.virtualHost());
		try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
			channel.queueDeclarePassive(queue);
			return true;
		}
		catch (IOException ex) {
			// a passive declaration of a missing queue closes the channel with 404 NOT_FOUND
			if (ex.getCause() instanceof ShutdownSignalException signal
					&& signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == 404) {
				return false;
			}
			throw ex;
		}
	}

}
