package io.tributary.support.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.Headers;
import io.tributary.support.kafka.RecordHeaderMapper;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.MessageHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The hop latency of each message that says when it was sent, and the stage's time per delivery. */
class HopLatencyTests {

	private static final long NOW = 1_700_000_010_000L;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final HopLatency latency = new HopLatency(this.meters, "keyed", "window",
			Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

	private Timer hop() {
		return this.meters.get(HopLatency.HOP_LATENCY).tag(HopLatency.HOP_TAG, "keyed").timer();
	}

	private Timer stage() {
		return this.meters.get(HopLatency.STAGE_DURATION).tag(HopLatency.STAGE_TAG, "window").timer();
	}

	@Test
	void bothTimersAreThereBeforeAnyMessage() {
		assertThat(hop().count()).isZero();
		assertThat(stage().count()).isZero();
	}

	@Test
	void eachMessageWithTheHeaderCountsWhateverTypeTheBinderGaveIt() {
		this.latency.received(List.of(Map.of(Headers.SENT_AT, NOW - 100L), Map.of(Headers.SENT_AT, (double) (NOW - 10)),
				Map.of(Headers.SENT_AT, Long.toString(NOW - 20)),
				Map.of(Headers.SENT_AT, Long.toString(NOW - 30).getBytes(StandardCharsets.US_ASCII)),
				Map.of("traceparent", "00-x"), Map.of(Headers.SENT_AT, "soon"), Map.of(Headers.SENT_AT, "-5"),
				Map.of(Headers.SENT_AT, NOW + 500L)));

		// the unreadable and absent ones are skipped; one from the future counts as 0
		assertThat(hop().count()).isEqualTo(5);
		assertThat(hop().max(TimeUnit.MILLISECONDS)).isEqualTo(100);
		assertThat(hop().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100 + 10 + 20 + 30 + 0);
	}

	@Test
	void aSenderClockAheadCountsAsNoLatency() {
		this.latency.received(List.of(Map.of(Headers.SENT_AT, NOW + 500L)));

		assertThat(hop().count()).isOne();
		assertThat(hop().totalTime(TimeUnit.MILLISECONDS)).isZero();
	}

	@Test
	void theStageIsTimedAlsoWhenItFails() {
		this.latency.handle(() -> {
		});
		assertThatIllegalStateException().isThrownBy(() -> this.latency.handle(() -> {
			throw new IllegalStateException("broker down");
		}));

		assertThat(stage().count()).isEqualTo(2);
	}

	@Test
	void theHeaderSurvivesKafkasRecordHeaders() {
		RecordHeaderMapper mapper = new RecordHeaderMapper();
		RecordHeaders record = new RecordHeaders();
		mapper.fromHeaders(new MessageHeaders(Map.of(Headers.SENT_AT, NOW - 40L)), record);
		Map<String, Object> received = new HashMap<>();
		mapper.toHeaders(record, received);

		assertThat(received.get(Headers.SENT_AT)).isEqualTo(NOW - 40);
		// a record from a producer that wrote the digits itself
		RecordHeaders plain = new RecordHeaders();
		plain.add(Headers.SENT_AT, Long.toString(NOW - 50).getBytes(StandardCharsets.UTF_8));
		Map<String, Object> fromPlain = new HashMap<>();
		mapper.toHeaders(plain, fromPlain);

		assertThat(HopLatency.sentAt(fromPlain.get(Headers.SENT_AT))).isEqualTo(NOW - 50);
	}

}
