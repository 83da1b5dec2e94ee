package io.tributary.storage.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.storage.out.ResultsPublisher;
import io.tributary.storage.store.StoreOutcome;
import io.tributary.support.broker.FailureBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one batch of broker messages: stores every readable result batch, publishes what they
 * hold to the outbound results destination, then moves the unreadable messages to the dead-letter
 * queue. It returns only when all three are done, so the broker acknowledgement that follows never
 * covers unwritten or unpublished data; when any fails it throws, after a pause, so the whole batch
 * is redelivered (every write is idempotent; the outbound messages go out again, with the same
 * revisions, for subscribers to de-duplicate).
 */
final class ResultBatchHandler {

	private static final Logger log = LoggerFactory.getLogger(ResultBatchHandler.class);

	private final PayloadReader reader = new PayloadReader();

	private final BatchWriter writer;

	private final ResultsPublisher publisher;

	private final DeadLetterQueue deadLetterQueue;

	private final FailureBackoff backoff;

	private final StorageMetrics metrics;

	ResultBatchHandler(BatchWriter writer, ResultsPublisher publisher, DeadLetterQueue deadLetterQueue,
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
	 */
	StoreOutcome handle(List<byte[]> payloads, List<Map<String, Object>> headers) {
		log.debug("Received a batch of {} messages", payloads.size());
		PayloadReader.Read read = this.reader.read(payloads);
		List<RejectedMessage> rejected = new ArrayList<>(read.rejected().size());
		for (PayloadReader.Rejected r : read.rejected()) {
			Map<String, Object> messageHeaders = r.index() < headers.size() ? headers.get(r.index()) : Map.of();
			rejected.add(new RejectedMessage(payloads.get(r.index()), messageHeaders, r.reason()));
		}
		try {
			StoreOutcome outcome = read.batches().isEmpty() ? StoreOutcome.NOTHING
					: this.metrics.batchWrites().record(() -> this.writer.store(read.batches()));
			if (!read.batches().isEmpty()) {
				// also what was stored before: a crash between the write and this publish must not lose it
				this.publisher.publish(read.batches());
			}
			if (!rejected.isEmpty()) {
				for (RejectedMessage m : rejected) {
					log.warn("Moving an unreadable message to the dead-letter queue: {}", m.reason());
				}
				this.deadLetterQueue.send(rejected);
			}
			this.metrics.stored(outcome, rejected.size());
			this.metrics.latencies().stored(read.batches());
			this.backoff.reset();
			return outcome;
		}
		catch (RuntimeException ex) {
			this.metrics.failed();
			log.warn("Could not store a batch of {} messages, handing it back to the broker: {}", payloads.size(),
					ex.getMessage());
			this.backoff.pause();
			throw ex;
		}
	}

}
