package io.tributary.systemtests.bench;

import java.time.Duration;
import java.util.List;

import io.tributary.systemtests.client.AmqpSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerfTestBaselineTests {

	// the tail of a real PerfTest 2.22.1 run on this machine
	private static final String OUTPUT = """
			id: test-044005-277, time 5.000 s, sent: 17627 msg/s, confirmed: 17627 msg/s, nacked: 0 msg/s, received: 17608 msg/s, min/median/75th/95th/99th consumer latency: 382/2636/3493/13044/51274 µs, confirm latency: 1125/4620/5721/7337/16625 µs
			test stopped (Reached time limit)
			id: test-044005-277, sending rate avg: 11887 msg/s
			id: test-044005-277, receiving rate avg: 11886 msg/s
			id: test-044005-277, consumer latency min/median/75th/95th/99th 230/3641/5731/85004/190182 µs
			id: test-044005-277, confirm latency min/median/75th/95th/99th 533/5285/6752/12249/17064 µs
			""";

	@Test
	void readsTheSummaryNotThePerSecondSamples() {
		PerfTestBaseline.Result result = PerfTestBaseline.parse(OUTPUT, List.of("-x", "1")).orElseThrow();

		assertThat(result.sendingRate()).isEqualTo(11887);
		assertThat(result.receivingRate()).isEqualTo(11886);
		assertThat(result.consumerLatencyMedianMicros()).isEqualTo(3641);
		assertThat(result.consumerLatencyP99Micros()).isEqualTo(190182);
		assertThat(result.describe())
			.isEqualTo("sent 11887 msg/s, received 11886 msg/s, consumer latency median 3.641 ms, p99 190.182 ms");
	}

	@Test
	void noSummaryIsNoResult() {
		assertThat(PerfTestBaseline.parse("Connection refused", List.of())).isEmpty();
	}

	@Test
	void runsOneProducerAndOneConsumerWithConfirmsOnItsOwnQueue() {
		AmqpSettings broker = new AmqpSettings("127.0.0.1", 5672, "guest", "guest", "/");

		List<String> args = PerfTestBaseline.arguments(broker, Duration.ofSeconds(15), "q-1");

		assertThat(String.join(" ", args)).isEqualTo("--uri amqp://guest:guest@127.0.0.1:5672/%2F --producers 1 "
				+ "--consumers 1 --size 1000 --confirm 100 --multi-ack-every 100 --flag persistent --time 15 "
				+ "--queue q-1 --auto-delete true");
	}

}
