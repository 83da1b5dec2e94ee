package io.tributary.storage.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tributary.storage.out.InOrderPublisher;
import io.tributary.storage.store.StoreOutcome;
import io.tributary.support.broker.FailureBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one batch of broker messages: stores every readable result batch, moves the unreadable
 * messages to the dead-letter queue, and hands what the stored batches hold to the outbound results
 * publisher. The returned future completes only when all three are done, so the broker
 * acknowledgement that waits for it never covers unwritten or unpublished data; when the store or
 * the dead-lettering fails it throws, after a pause, and when the publish fails the future fails, so
 * the whole batch is redelivered (every write is idempotent; the outbound messages go out again, with
 * the same revisions, for subscribers to de-duplicate). The publish goes on while the next batch is
 * stored ({@link InOrderPublisher}).
 */
final class ResultBatchHandler {

	private static final Logger log = LoggerFactory.getLogger(ResultBatchHandler.class);

	private final PayloadReader reader = new PayloadReader();

	private final BatchWriter writer;

	private final InOrderPublisher publisher;

	private final DeadLetterQueue deadLetterQueue;

	private final FailureBackoff backoff;

	private final StorageMetrics metrics;

	ResultBatchHandler(BatchWriter writer, InOrderPublisher publisher, DeadLetterQueue deadLetterQueue,
			FailureBackoff backoff, StorageMetrics metrics) {
		this.writer = writer;
		this.publisher = publisher;
		this.deadLetterQueue = deadLetterQueue;
		this.backoff = backoff;
		this.metrics = metrics;
	}

	/**
	 * @param payloads the messages' bodies
	 * @param headers  each message's headers (same order), kept on dead-lettered messages; may be
	 *                 shorter than the payloads when the broker gave none
	 * @return completes when the broker holds the batch's outbound results too, fails when it did
	 *         not take them
	 * @throws RuntimeException when the batch could not be stored or its unreadable messages not
	 *                          dead-lettered
	 */
	CompletableFuture<StoreOutcome> handle(List<byte[]> payloads, List<Map<String, Object>> headers) {
		log.debug("Received a batch of {} messages", payloads.size());
		PayloadReader.Read read = this.reader.read(payloads);
		List<RejectedMessage> rejected = new ArrayList<>(read.rejected().size());
		for (PayloadReader.Rejected r : read.rejected()) {
			Map<String, Object> messageHeaders = r.index() < headers.size() ? headers.get(r.index()) : Map.of();
			rejected.add(new RejectedMessage(payloads.get(r.index()), messageHeaders, r.reason()));
		}
		StoreOutcome outcome;
		CompletableFuture<Void> published;
		try {
			outcome = read.batches().isEmpty() ? StoreOutcome.NOTHING
					: this.metrics.batchWrites().record(() -> this.writer.store(read.batches()));
			// also what was stored before: a crash between the write and this publish must not lose it
			published = this.publisher.publish(read.batches());
			if (!rejected.isEmpty()) {
				for (RejectedMessage m : rejected) {
					log.warn("Moving an unreadable message to the dead-letter queue: {}", m.reason());
				}
				this.deadLetterQueue.send(rejected);
			}
		}
		catch (RuntimeException ex) {
			failed(payloads.size(), ex);
			this.backoff.pause();
			throw ex;
		}
		this.metrics.stored(outcome, rejected.size());
		this.metrics.latencies().stored(read.batches());
		this.backoff.reset();
		return published.handle((nothing, failure) -> {
			if (failure != null) {
				RuntimeException cause = (failure instanceof RuntimeException r) ? r : new IllegalStateException(failure);
				failed(payloads.size(), cause);
				throw cause;
			}
			return outcome;
		});
	}

	private void failed(int messages, RuntimeException ex) {
		this.metrics.failed();
		log.warn("Could not store or publish a batch of {} messages, handing it back to the broker: {}", messages,
				ex.getMessage());
	}

}
