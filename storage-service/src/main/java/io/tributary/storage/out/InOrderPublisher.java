package io.tributary.storage.out;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.tributary.contract.ResultBatch;
import io.tributary.support.broker.FailureBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes stored batches to the outbound results destination on a thread of its own, in the order
 * they were handed over, so that storage stores its next batch while the broker confirms this one
 * (instead of waiting for the confirms before it takes the next). Batches waiting when the thread
 * gets to them go out together, in order, under one wait for the confirms: the messages of one
 * storage instance reach the destination in the order storage received their batches, as when it
 * published each batch before taking the next.
 *
 * <p>Each batch's future completes when the broker holds all its messages, or fails when it did not
 * take them (the batch is then handed back to the broker and published again when it is redelivered;
 * after a failure the thread pauses, doubling while failures continue, as storage's consumer does
 * after a failed store).
 */
public final class InOrderPublisher implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(InOrderPublisher.class);

	private final ResultsPublisher publisher;

	private final FailureBackoff backoff;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final Thread thread;

	private volatile boolean closed;

	/**
	 * @param publisher publishes and returns once the broker holds every message
	 * @param backoff   the pause after a failed publish
	 */
	public InOrderPublisher(ResultsPublisher publisher, FailureBackoff backoff) {
		this.publisher = publisher;
		this.backoff = backoff;
		this.thread = Thread.ofPlatform().name("results-out").daemon().unstarted(this::run);
		if (publisher != ResultsPublisher.NONE) {
			this.thread.start();
		}
	}

	/**
	 * Queues the batches' messages behind those handed over before.
	 * @return completes when the broker holds every message of these batches (at once when there is
	 *         nothing to publish), fails with the publish's exception when it does not
	 */
	public CompletableFuture<Void> publish(List<ResultBatch> batches) {
		if (batches.isEmpty() || this.publisher == ResultsPublisher.NONE) {
			return CompletableFuture.completedFuture(null);
		}
		if (this.closed) {
			return CompletableFuture.failedFuture(new IllegalStateException("storage is shutting down"));
		}
		// queued behind close()'s stop it is failed by close() once the thread ended
		Pending pending = new Pending(batches, new CompletableFuture<>());
		this.queue.add(pending);
		return pending.published();
	}

	/**
	 * Publishes what was handed over before, waiting for it at most {@code timeout}, then stops; what
	 * is left fails (and is redelivered to the next instance).
	 */
	public void close(Duration timeout) {
		this.closed = true;
		if (this.thread.isAlive()) {
			this.queue.add(Pending.STOP);
			try {
				if (!this.thread.join(timeout)) {
					this.thread.interrupt();
					this.thread.join(TimeUnit.SECONDS.toMillis(1));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		failRemaining(new IllegalStateException("storage is shutting down"));
	}

	@Override
	public void close() {
		close(Duration.ofSeconds(10));
	}

	private void run() {
		List<Pending> taken = new ArrayList<>();
		while (true) {
			try {
				taken.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				return;
			}
			this.queue.drainTo(taken);
			boolean stop = taken.remove(Pending.STOP);
			if (!taken.isEmpty()) {
				publishTogether(taken);
			}
			taken.clear();
			if (stop) {
				return;
			}
		}
	}

	private void publishTogether(List<Pending> taken) {
		List<ResultBatch> batches = new ArrayList<>();
		for (Pending p : taken) {
			batches.addAll(p.batches());
		}
		try {
			this.publisher.publish(batches);
		}
		catch (RuntimeException ex) {
			// as storage's consumer after a failed store: pause before the batches are handed back, or
			// their redelivery would be published again at once
			this.backoff.pause();
			for (Pending p : taken) {
				p.published().completeExceptionally(ex);
			}
			return;
		}
		this.backoff.reset();
		for (Pending p : taken) {
			p.published().complete(null);
		}
	}

	private void failRemaining(RuntimeException reason) {
		List<Pending> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.remove(Pending.STOP);
		if (!left.isEmpty()) {
			log.info("Stopping with {} stored batches not yet published to the outbound results destination: "
					+ "they are handed back to the broker and published by the instance that takes them", left.size());
		}
		for (Pending p : left) {
			p.published().completeExceptionally(reason);
		}
	}

	private record Pending(List<ResultBatch> batches, CompletableFuture<Void> published) {

		static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());

	}

}
