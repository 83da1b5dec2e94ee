package io.tributary.processing.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.StreamTime;
import io.tributary.contract.WireFormat;
import io.tributary.processing.route.PublishedEvent;
import io.tributary.processing.route.RouteResult;
import io.tributary.processing.route.Router;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.publish.ConfirmedPublisher.Outgoing;
import io.tributary.support.broker.BatchMessages;
import io.tributary.support.broker.FailureBackoff;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;

/**
 * The route stage: a batch of accepted-event messages becomes one keyed batch per partition (and
 * dead letters for storage, naming the API key that published each event). The ingestion instances'
 * progress markers read with them, and how far each stream's event time came in the batch
 * ({@code StreamTime}), go to every partition, behind that partition's events, since any partition
 * may hold a stream's keys. Returns only when the broker confirmed every message it
 * produced, so the input is acked only then. A failed lookup or publish is retried in place
 * ({@link RouteRetries}): the same messages, in the same order, sent again; the window stage
 * recognises a keyed event sent twice by its event and ingest ids. Only after
 * {@code max-retry-in-place}, or on stop, does the failure propagate and the input go back to the broker.
 */
public class RouteStage {

	static final String KEYED_BINDING = "keyed-out-0";

	static final String RESULTS_BINDING = "results-out-0";

	private static final Logger log = LoggerFactory.getLogger(RouteStage.class);

	private final Router router;

	private final ConfirmedPublisher publisher;

	private final Counter keyed;

	private final Counter filtered;

	private final Counter deadLettered;

	private final Counter tooFarAhead;

	private final Counter malformed;

	private final Counter markers;

	private final RouteRetries retries;

	/** Retries in place every 500 ms for up to 10 minutes. */
	public RouteStage(Router router, ConfirmedPublisher publisher, MeterRegistry meters) {
		this(router, publisher, new RouteRetries(FailureBackoff.sleeping(Duration.ofMillis(500), Duration.ofMillis(500)),
				Duration.ofMinutes(10), meters), meters);
	}

	public RouteStage(Router router, ConfirmedPublisher publisher, RouteRetries retries, MeterRegistry meters) {
		this.router = router;
		this.publisher = publisher;
		this.retries = retries;
		this.keyed = meters.counter("tributary.route.events", "outcome", "keyed");
		this.filtered = meters.counter("tributary.route.events", "outcome", "filtered");
		this.deadLettered = meters.counter("tributary.route.events", "outcome", "dead-letter");
		this.tooFarAhead = meters.counter("tributary.route.events", "outcome", "too-far-ahead");
		this.malformed = meters.counter("tributary.route.malformed.messages");
		this.markers = meters.counter("tributary.route.progress.markers");
	}

	/** A batch delivery: its messages' payloads and, per message, the API key that published it. */
	public void handle(Message<?> batch) {
		List<byte[]> payloads = BatchMessages.payloads(batch);
		handle(payloads, BatchHeaders.text(batch, Headers.API_KEY_NAME, payloads.size()));
	}

	/** Messages no API key published. */
	public void handle(List<byte[]> payloads) {
		handle(payloads, BatchHeaders.none(payloads.size()));
	}

	/** @param apiKeys per message, the name of the API key whose request published it, or null */
	private void handle(List<byte[]> payloads, List<@Nullable String> apiKeys) {
		List<PublishedEvent> events = new ArrayList<>();
		Map<String, StreamProgress> progress = new LinkedHashMap<>();
		for (int i = 0; i < payloads.size(); i++) {
			byte[] payload = payloads.get(i);
			try {
				String apiKey = apiKeys.get(i);
				EventBatch batch = WireFormat.read(payload, this.router.projection());
				for (Event event : batch.events()) {
					events.add(new PublishedEvent(event, apiKey));
				}
				for (StreamProgress marker : batch.progress()) {
					if (this.router.isRead(marker.stream())) {
						// a source's latest marker says all its earlier ones do
						progress.merge(marker.stream() + "\u0000" + marker.source(), marker,
								(a, b) -> a.until().isAfter(b.until()) ? a : b);
					}
				}
			}
			catch (IllegalArgumentException ex) {
				// only ingestion writes this queue: a malformed message is a bug, not data; retrying cannot help
				this.malformed.increment();
				log.error("Dropping a malformed event batch of {} bytes: {}", payload.length, ex.getMessage());
			}
		}
		List<StreamProgress> markers = List.copyOf(progress.values());
		RouteResult result = routeAndPublish(events, markers);
		this.keyed.increment(result.byPartition().values().stream().mapToInt(List::size).sum());
		this.filtered.increment(result.filteredOut());
		this.deadLettered.increment(result.deadLetters().size() - result.tooFarAhead());
		this.tooFarAhead.increment(result.tooFarAhead());
		this.markers.increment(markers.size());
	}

	/**
	 * Routes the events once and publishes what that made, retrying in place until the broker confirmed
	 * it all: an attempt after a failed publish sends the same messages again, except those the broker
	 * had confirmed.
	 */
	private RouteResult routeAndPublish(List<PublishedEvent> events, List<StreamProgress> markers) {
		RouteRetries.Delivery delivery = this.retries.delivery();
		RouteResult result = null;
		List<Outgoing> pending = List.of();
		while (true) {
			try {
				if (result == null) {
					result = this.router.routePublished(events);
					pending = outgoing(result, markers);
				}
				this.publisher.publishAll(pending);
				delivery.succeeded();
				return result;
			}
			catch (ConfirmedPublisher.PublishException ex) {
				List<Outgoing> unconfirmed = ex.unconfirmed();
				if (unconfirmed != null) {
					pending = unconfirmed;
				}
				delivery.failed(ex);
			}
			catch (RuntimeException ex) {
				delivery.failed(ex);
			}
		}
	}

	/**
	 * One keyed batch per partition with events, markers or stream times (every partition is told how
	 * far each stream's time came, whether or not it got any of the events), and the dead letters'
	 * result batch.
	 */
	private List<Outgoing> outgoing(RouteResult result, List<StreamProgress> markers) {
		List<Outgoing> out = new ArrayList<>(result.byPartition().size() + 1);
		List<StreamTime> streamTimes = result.streamTimes();
		for (int partition = 0; partition < this.router.partitionCount(); partition++) {
			List<KeyedEvent> keyedEvents = result.byPartition().getOrDefault(partition, List.of());
			if (!keyedEvents.isEmpty() || !markers.isEmpty() || !streamTimes.isEmpty()) {
				out.add(new Outgoing(KEYED_BINDING, new KeyedBatch(partition, keyedEvents, markers, streamTimes),
						partition));
			}
		}
		if (!result.deadLetters().isEmpty()) {
			out.add(new Outgoing(RESULTS_BINDING, new ResultBatch(List.of(), List.of(), result.deadLetters())));
		}
		return out;
	}

}
