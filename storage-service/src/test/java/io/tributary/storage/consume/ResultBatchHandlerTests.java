package io.tributary.storage.consume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.Counts;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.storage.out.InOrderPublisher;
import io.tributary.storage.store.StoreException;
import io.tributary.storage.store.StoreOutcome;
import io.tributary.support.broker.FailureBackoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultBatchHandlerTests {

	private final List<String> events = Collections.synchronizedList(new ArrayList<>());

	private final List<List<ResultBatch>> stored = new ArrayList<>();

	private final List<RejectedMessage> deadLettered = new ArrayList<>();

	private final List<Duration> pauses = new ArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private RuntimeException storeFailure;

	private RuntimeException deadLetterFailure;

	private RuntimeException publishFailure;

	private final List<List<ResultBatch>> published = Collections.synchronizedList(new ArrayList<>());

	private final List<Duration> publishPauses = Collections.synchronizedList(new ArrayList<>());

	private final InOrderPublisher publisher = new InOrderPublisher((batches) -> {
		this.events.add("publish");
		if (this.publishFailure != null) {
			throw this.publishFailure;
		}
		this.published.add(batches);
		return batches.size();
	}, new FailureBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), this.publishPauses::add));

	private final ResultBatchHandler handler = new ResultBatchHandler((batches) -> {
		this.events.add("store");
		if (this.storeFailure != null) {
			throw this.storeFailure;
		}
		this.stored.add(batches);
		return new StoreOutcome(batches.size(), 0, 0, 0, 0, 0, 0, 0);
	}, this.publisher, (messages) -> {
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

	@AfterEach
	void closePublisher() {
		this.publisher.close();
	}

	@Test
	void storesTheReadableMessagesThenDeadLettersTheUnreadableOnesWithTheirHeaders() throws Exception {
		Map<String, Object> garbageHeaders = Map.of("amqp_receivedExchange", "ns.results");

		this.handler.handle(List.of(WireFormat.write(this.batch), this.garbage), List.of(Map.of(), garbageHeaders))
			.get(5, TimeUnit.SECONDS);

		// the publish runs on the publisher's thread, beside the dead-lettering
		assertThat(this.events).hasSize(3).first().isEqualTo("store");
		assertThat(this.events).containsExactlyInAnyOrder("store", "publish", "dead-letter");
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
	void onlyDeadLettersWhenNoMessageIsReadable() throws Exception {
		assertThat(this.handler.handle(List.of(this.garbage), List.of()).get(5, TimeUnit.SECONDS))
			.isEqualTo(StoreOutcome.NOTHING);

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
	void aFailedPublishFailsTheWholeBatchAndItsRedeliveryPublishesAgain() throws Exception {
		this.publishFailure = new IllegalStateException("the broker did not confirm");

		CompletableFuture<StoreOutcome> safe = this.handler.handle(
				List.of(WireFormat.write(this.batch), this.garbage), List.of());
		assertThatThrownBy(() -> safe.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isSameAs(this.publishFailure);
		assertThat(this.events).containsExactlyInAnyOrder("store", "publish", "dead-letter");
		assertThat(this.registry.get("tributary.storage.failed.batches").counter().count()).isEqualTo(1);
		// the publisher pauses before it publishes again; the consumer did not fail
		assertThat(this.publishPauses).containsExactly(Duration.ofMillis(100));
		assertThat(this.pauses).isEmpty();

		// the redelivery is stored again (idempotent) and published again, not skipped as already stored
		this.publishFailure = null;
		this.events.clear();
		this.handler.handle(List.of(WireFormat.write(this.batch), this.garbage), List.of()).get(5, TimeUnit.SECONDS);

		assertThat(this.events).containsExactlyInAnyOrder("store", "publish", "dead-letter");
		assertThat(this.published).containsExactly(List.of(this.batch));
	}

	@Test
	void theNextBatchIsStoredWhileThePreviousOneWaitsForItsConfirms() throws Exception {
		CountDownLatch confirmed = new CountDownLatch(1);
		List<String> order = Collections.synchronizedList(new ArrayList<>());
		try (InOrderPublisher slow = new InOrderPublisher((batches) -> {
			order.add("publishing " + batches.size());
			try {
				confirmed.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			order.add("confirmed " + batches.size());
			return batches.size();
		}, new FailureBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), (d) -> {
		}))) {
			ResultBatchHandler handler = new ResultBatchHandler((batches) -> {
				order.add("stored " + batches.size());
				return new StoreOutcome(batches.size(), 0, 0, 0, 0, 0, 0, 0);
			}, slow, (messages) -> {
			}, new FailureBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), this.pauses::add),
					new StorageMetrics(this.registry));

			CompletableFuture<StoreOutcome> first = handler.handle(List.of(WireFormat.write(this.batch)), List.of());
			CompletableFuture<StoreOutcome> second = handler
				.handle(List.of(WireFormat.write(this.batch), WireFormat.write(this.batch)), List.of());

			assertThat(order).startsWith("stored 1").contains("stored 2");
			assertThat(first).isNotDone();
			assertThat(second).isNotDone();
			confirmed.countDown();
			assertThat(second.get(5, TimeUnit.SECONDS).resultsApplied()).isEqualTo(2);
			assertThat(first).isCompletedWithValueMatching((o) -> o.resultsApplied() == 1);
			// published in the order stored: the first alone (it was taken while the second was stored),
			// or both together
			assertThat(order.stream().filter((e) -> e.startsWith("confirmed")).toList())
				.isIn(List.of("confirmed 1", "confirmed 2"), List.of("confirmed 3"));
		}
	}

	@Test
	void aSuccessResetsThePause() {
		this.storeFailure = new StoreException("down");
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> this.handler.handle(List.of(WireFormat.write(this.batch)), List.of()));
		}
		this.storeFailure = null;
		this.handler.handle(List.of(WireFormat.write(this.batch)), List.of()).join();
		this.storeFailure = new StoreException("down again");
		assertThatThrownBy(() -> this.handler.handle(List.of(WireFormat.write(this.batch)), List.of()));

		assertThat(this.pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(100));
	}

}
