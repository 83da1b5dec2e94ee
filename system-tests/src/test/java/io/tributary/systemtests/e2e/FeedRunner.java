package io.tributary.systemtests.e2e;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import io.tributary.systemtests.client.HttpResult;
import io.tributary.systemtests.client.IngestClient;
import io.tributary.systemtests.ysb.AdEvent;
import io.tributary.systemtests.ysb.YsbFeed.Chunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends a feed plan to a stream, chunk after chunk at a steady pace, and records exactly what was
 * sent (every event of every chunk, copies and retries included, in order) for the reference. Every
 * HTTP chunk must be accepted whole (202 with the events' own ids); every AMQP chunk confirmed and
 * routed. Anything else fails the test: the reference would no longer know what was sent.
 */
final class FeedRunner {

	private static final Logger log = LoggerFactory.getLogger(FeedRunner.class);

	private final RunningSystem system;

	private final String stream;

	private final List<Map<String, Object>> sent = Collections.synchronizedList(new ArrayList<>());

	/** How long an HTTP chunk that was not accepted is sent again (the same events, the same ids). */
	private final Duration retryFor;

	private final AtomicInteger retries = new AtomicInteger();

	private final IntConsumer beforeChunk;

	FeedRunner(RunningSystem system, String stream) {
		this(system, stream, Duration.ZERO, (index) -> {
		});
	}

	/**
	 * @param retryFor    how long an HTTP chunk that was not accepted (ingestion down: no connection, or
	 *                    an answer other than 202) is sent again every half second, as a client retries,
	 *                    before the test fails
	 * @param beforeChunk runs in the sending thread before each chunk is sent (its index), while no
	 *                    request is in flight: where a drill disrupts without a request half-accepted
	 */
	FeedRunner(RunningSystem system, String stream, Duration retryFor, IntConsumer beforeChunk) {
		this.system = system;
		this.stream = stream;
		this.retryFor = retryFor;
		this.beforeChunk = beforeChunk;
	}

	/** How many times an HTTP chunk was sent again. */
	int retries() {
		return this.retries.get();
	}

	/** Sends the chunks in order, starting one every {@code interval} at most; returns what was sent. */
	List<Map<String, Object>> send(List<Chunk> plan, Duration interval) {
		long started = System.nanoTime();
		long next = started;
		for (Chunk chunk : plan) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				RunningSystem.sleep(Duration.ofNanos(wait));
			}
			next = System.nanoTime() + interval.toNanos();
			this.beforeChunk.accept(chunk.index());
			send(chunk);
		}
		log.info("Sent {} chunks ({} events) to {} in {} ms", plan.size(), this.sent.size(), this.stream,
				(System.nanoTime() - started) / 1_000_000);
		return sent();
	}

	void send(Chunk chunk) {
		List<Map<String, Object>> events = chunk.events().stream().map(AdEvent::toJson).toList();
		switch (chunk.channel()) {
			case HTTP_JSON -> accepted(chunk, untilAccepted(() -> this.system.ingest.postJson(this.stream, events)));
			case HTTP_NDJSON -> accepted(chunk, untilAccepted(() -> this.system.ingest.postNdjson(this.stream, events)));
			case AMQP -> this.system.broker()
				.publish(this.stream, events, this.system.namespace + "-" + this.stream + "-chunk-" + chunk.index());
		}
		this.sent.addAll(events);
	}

	private HttpResult untilAccepted(Supplier<HttpResult> post) {
		long deadline = System.nanoTime() + this.retryFor.toNanos();
		while (true) {
			try {
				HttpResult result = post.get();
				if (result.status() == 202 || System.nanoTime() - deadline >= 0) {
					return result;
				}
			}
			catch (UncheckedIOException ex) {
				if (System.nanoTime() - deadline >= 0) {
					throw ex;
				}
			}
			this.retries.incrementAndGet();
			RunningSystem.sleep(Duration.ofMillis(500));
		}
	}

	List<Map<String, Object>> sent() {
		synchronized (this.sent) {
			return List.copyOf(this.sent);
		}
	}

	private static void accepted(Chunk chunk, HttpResult result) {
		assertThat(result.status()).as("chunk %d (%s%s): %s", chunk.index(), chunk.channel(),
				chunk.retry() ? ", retry" : "", result).isEqualTo(202);
		// the stream's id-field is the event id, so the ids answered are the events' own
		assertThat(IngestClient.acceptedIds(result)).as("ids accepted for chunk %d", chunk.index())
			.containsExactlyElementsOf(chunk.events().stream().map(AdEvent::eventId).toList());
		assertThat(IngestClient.acceptedCount(result)).isEqualTo(chunk.events().size());
	}

}
