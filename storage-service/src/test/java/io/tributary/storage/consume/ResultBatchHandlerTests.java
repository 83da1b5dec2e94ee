package io.tributary.storage.consume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.Counts;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.storage.store.StoreException;
import io.tributary.storage.store.StoreOutcome;
import io.tributary.support.broker.FailureBackoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultBatchHandlerTests {

	private final List<String> events = new ArrayList<>();

	private final List<List<ResultBatch>> stored = new ArrayList<>();

	private final List<RejectedMessage> deadLettered = new ArrayList<>();

	private final List<Duration> pauses = new ArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private RuntimeException storeFailure;

	private RuntimeException deadLetterFailure;

	private RuntimeException publishFailure;

	private final List<List<ResultBatch>> published = new ArrayList<>();

	private final ResultBatchHandler handler = new ResultBatchHandler((batches) -> {
		this.events.add("store");
		if (this.storeFailure != null) {
			throw this.storeFailure;
		}
		this.stored.add(batches);
		return new StoreOutcome(batches.size(), 0, 0, 0, 0, 0, 0, 0);
	}, (batches) -> {
		this.events.add("publish");
		if (this.publishFailure != null) {
			throw this.publishFailure;
		}
		this.published.add(batches);
		return batches.size();
	}, (messages) -> {
		this.events.add("dead-letter");
		if (this.deadLetterFailure != null) {
			throw this.deadLetterFailure;
		}
		this.deadLettered.addAll(messages);
	}, new FailureBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), this.pauses::add),
			new StorageMetrics(this.registry));

	private final ResultBatch batch = new ResultBatch(List.of(new WindowResult("views", "c1",
			Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:10Z"), true, 1, Map.of("views", 1L),
			new Counts(1, 0, 0))), List.of(), List.of());

	private final byte[] garbage = "{oops".getBytes(StandardCharsets.UTF_8);

	@Test
	void storesTheReadableMessagesThenDeadLettersTheUnreadableOnesWithTheirHeaders() {
		Map<String, Object> garbageHeaders = Map.of("amqp_receivedExchange", "ns.results");

		this.handler.handle(List.of(WireFormat.write(this.batch), this.garbage), List.of(Map.of(), garbageHeaders));

		assertThat(this.events).containsExactly("store", "publish", "dead-letter");
		assertThat(this.stored).containsExactly(List.of(this.batch));
		assertThat(this.published).containsExactly(List.of(this.batch));
		assertThat(this.deadLettered).singleElement().satisfies((m) -> {
			assertThat(m.payload()).isEqualTo(this.garbage);
			assertThat(m.headers()).isEqualTo(garbageHeaders);
			assertThat(m.reason()).startsWith("Malformed ResultBatch");
		});
		assertThat(this.registry.get("tributary.storage.malformed.messages").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("tributary.storage.results").tag("outcome", "applied").counter().count())
			.isEqualTo(1);
	}

	@Test
	void onlyDeadLettersWhenNoMessageIsReadable() {
		this.handler.handle(List.of(this.garbage), List.of());

		assertThat(this.events).containsExactly("dead-letter");
		assertThat(this.deadLettered).singleElement().satisfies((m) -> assertThat(m.headers()).isEmpty());
	}

	@Test
	void aRedisFailureFailsTheWholeBatchAfterAPauseAndDeadLettersNothing() {
		this.storeFailure = new StoreException("Redis is not available");

		assertThatThrownBy(() -> this.handler.handle(List.of(WireFormat.write(this.batch), this.garbage), List.of()))
			.isSameAs(this.storeFailure);

		assertThat(this.events).containsExactly("store");
		assertThat(this.pauses).containsExactly(Duration.ofMillis(100));
		assertThat(this.registry.get("tributary.storage.failed.batches").counter().count()).isEqualTo(1);
	}

	@Test
	void aFailedDeadLetteringFailsTheWholeBatch() {
		this.deadLetterFailure = new IllegalStateException("broker refused");

		assertThatThrownBy(() -> this.handler.handle(List.of(WireFormat.write(this.batch), this.garbage), List.of()))
			.isSameAs(this.deadLetterFailure);

		assertThat(this.pauses).hasSize(1);
	}

	@Test
	void aFailedPublishFailsTheWholeBatchAndItsRedeliveryPublishesAgain() {
		this.publishFailure = new IllegalStateException("the broker did not confirm");

		assertThatThrownBy(() -> this.handler.handle(List.of(WireFormat.write(this.batch), this.garbage), List.of()))
			.isSameAs(this.publishFailure);
		assertThat(this.events).containsExactly("store", "publish");
		assertThat(this.pauses).hasSize(1);

		// the redelivery is stored again (idempotent) and published again, not skipped as already stored
		this.publishFailure = null;
		this.handler.handle(List.of(WireFormat.write(this.batch), this.garbage), List.of());

		assertThat(this.events).containsExactly("store", "publish", "store", "publish", "dead-letter");
		assertThat(this.published).containsExactly(List.of(this.batch));
	}

	@Test
	void aSuccessResetsThePause() {
		this.storeFailure = new StoreException("down");
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> this.handler.handle(List.of(WireFormat.write(this.batch)), List.of()));
		}
		this.storeFailure = null;
		this.handler.handle(List.of(WireFormat.write(this.batch)), List.of());
		this.storeFailure = new StoreException("down again");
		assertThatThrownBy(() -> this.handler.handle(List.of(WireFormat.write(this.batch)), List.of()));

		assertThat(this.pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(100));
	}

}
