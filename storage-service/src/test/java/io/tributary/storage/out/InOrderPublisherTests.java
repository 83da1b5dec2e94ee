package io.tributary.storage.out;

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

import io.tributary.contract.Counts;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.support.broker.FailureBackoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InOrderPublisherTests {

	private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());

	private final FailureBackoff backoff = new FailureBackoff(Duration.ofMillis(100), Duration.ofSeconds(1),
			this.pauses::add);

	@Test
	void publishesInTheOrderHandedOverAndTogetherWhatWaited() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
		try (InOrderPublisher publisher = new InOrderPublisher((batches) -> {
			calls.add(batches.stream().map((b) -> b.results().get(0).key()).toList());
			await(release);
			return batches.size();
		}, this.backoff)) {
			CompletableFuture<Void> a = publisher.publish(List.of(batch("a")));
			awaitCalls(calls, 1);
			// published while "a" waits for its confirms: they go out together, in order
			CompletableFuture<Void> b = publisher.publish(List.of(batch("b"), batch("c")));
			CompletableFuture<Void> d = publisher.publish(List.of(batch("d")));
			assertThat(a).isNotDone();
			release.countDown();

			CompletableFuture.allOf(a, b, d).get(5, TimeUnit.SECONDS);
			assertThat(calls).containsExactly(List.of("a"), List.of("b", "c", "d"));
		}
	}

	@Test
	void aFailedPublishFailsItsBatchesAfterAPauseAndTheNextPublishGoesOn() throws Exception {
		RuntimeException refused = new IllegalStateException("the broker refused");
		List<String> published = Collections.synchronizedList(new ArrayList<>());
		try (InOrderPublisher publisher = new InOrderPublisher((batches) -> {
			String key = batches.get(0).results().get(0).key();
			if (key.equals("refused")) {
				throw refused;
			}
			published.add(key);
			return batches.size();
		}, this.backoff)) {
			CompletableFuture<Void> failed = publisher.publish(List.of(batch("refused")));
			assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isSameAs(refused);
			assertThat(this.pauses).containsExactly(Duration.ofMillis(100));

			publisher.publish(List.of(batch("next"))).get(5, TimeUnit.SECONDS);
			assertThat(published).containsExactly("next");
		}
	}

	@Test
	void closingPublishesWhatWasHandedOverAndRefusesWhatComesAfter() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<String> published = Collections.synchronizedList(new ArrayList<>());
		InOrderPublisher publisher = new InOrderPublisher((batches) -> {
			await(release);
			batches.forEach((b) -> published.add(b.results().get(0).key()));
			return batches.size();
		}, this.backoff);
		CompletableFuture<Void> handedOver = publisher.publish(List.of(batch("a")));
		Thread.ofPlatform().start(() -> {
			sleep(100);
			release.countDown();
		});

		publisher.close(Duration.ofSeconds(5));

		assertThat(handedOver).isCompleted();
		assertThat(published).containsExactly("a");
		assertThat(publisher.publish(List.of(batch("late")))).isCompletedExceptionally();
	}

	@Test
	void closingWhileTheBrokerDoesNotAnswerFailsWhatIsLeftAfterTheTimeout() {
		CountDownLatch never = new CountDownLatch(1);
		InOrderPublisher publisher = new InOrderPublisher((batches) -> {
			await(never);
			return batches.size();
		}, this.backoff);
		CompletableFuture<Void> waiting = publisher.publish(List.of(batch("a")));
		CompletableFuture<Void> queued = publisher.publish(List.of(batch("b")));

		publisher.close(Duration.ofMillis(200));

		// the interrupted publish ended without its confirms: not safe, both batches are redelivered
		assertThat(waiting).isCompletedExceptionally();
		assertThat(queued).isCompletedExceptionally();
	}

	@Test
	void withNothingToPublishEveryBatchIsSafeAtOnce() {
		try (InOrderPublisher publisher = new InOrderPublisher(ResultsPublisher.NONE, this.backoff)) {
			assertThat(publisher.publish(List.of(batch("a")))).isCompleted();
		}
	}

	private static ResultBatch batch(String key) {
		Instant start = Instant.parse("2024-01-01T00:00:00Z");
		return new ResultBatch(List.of(new WindowResult("views", key, start, start.plusSeconds(10), true, 1,
				Map.of("views", 1L), new Counts(1, 0, 0))), List.of(), List.of());
	}

	private static void awaitCalls(List<?> calls, int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (calls.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(calls).hasSize(count);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
