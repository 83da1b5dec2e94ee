package io.tributary.ingestion.publish;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.WireFormat;
import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.intake.StreamCatalog;
import io.tributary.support.broker.BinderChoice;
import io.tributary.support.broker.BoundOutputs;
import io.tributary.support.broker.ConfirmedOutputs;
import io.tributary.support.schedule.FixedDelayLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Publishes, every {@code progress-interval}, one progress marker per declared stream: "this instance
 * will publish nothing more for the stream that it accepted before T", T being the acceptance time of
 * its oldest batch still unconfirmed, else now ({@link InFlightBatches}). The markers take the events'
 * own path (same binding, routing key = stream), so processing sees them behind the events they vouch
 * for, and lets a quiet stream's watermark move by the clock only that far. While this instance, the
 * broker or the path between them is down no marker arrives, and windows wait instead of closing.
 * See docs/architecture.md, "Time".
 */
@Component
class ProgressMarkers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ProgressMarkers.class);

	private final ConfirmedOutputs outputs;

	private final InFlightBatches inFlight;

	private final List<String> streams;

	private final Duration interval;

	private final Clock clock = Clock.systemUTC();

	private final String source;

	private final Counter published;

	private final FixedDelayLoops loops = new FixedDelayLoops(Thread.ofPlatform().name("tributary-progress").daemon());

	/** Failed rounds in a row, for the log: once per outage. */
	private int failures;

	ProgressMarkers(BoundOutputs outputs, IngestionProperties properties, Environment environment,
			InFlightBatches inFlight, StreamCatalog catalog, MeterRegistry meters) {
		this.outputs = new ConfirmedOutputs(outputs, BinderChoice.of(environment), properties.ingestion().confirmTimeout());
		this.inFlight = inFlight;
		this.streams = catalog.streams().stream().sorted().toList();
		this.interval = properties.ingestion().progressInterval();
		this.source = sourceId();
		this.published = Counter.builder("tributary.ingestion.progress.markers")
			.description("Progress markers published (one per stream per interval)")
			.register(meters);
	}

	/** Unique per process, never reused by a restart; readable, so a marker says which instance sent it. */
	private static String sourceId() {
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			host = "host";
		}
		return "ingestion@" + host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** The id this instance's markers carry. */
	String source() {
		return this.source;
	}

	/** One round: a marker per stream, confirmed by the broker. */
	void publish() {
		if (this.streams.isEmpty()) {
			return;
		}
		// read the clock before the batches in flight: one begun meanwhile was accepted after it
		Instant now = this.clock.instant();
		ConfirmedOutputs.Sends sends = this.outputs.start(this.streams.size());
		for (String stream : this.streams) {
			StreamProgress marker = new StreamProgress(stream, this.source, this.inFlight.quietUntil(stream, now));
			byte[] payload = WireFormat.writeMessage(EventBatch.progress(marker));
			sends.send(EventPublisher.BINDING, MessageBuilder.withPayload(payload)
				.setHeader(Headers.STREAM, stream)
				.setHeader(Headers.MESSAGE_TYPE, Headers.PROGRESS)
				.setHeader(MessageHeaders.CONTENT_TYPE, WireFormat.contentType(payload)));
		}
		sends.awaitConfirms();
		this.published.increment(this.streams.size());
	}

	private void round() {
		try {
			publish();
			if (this.failures > 0) {
				log.info("Progress markers are published again after {} failed rounds", this.failures);
				this.failures = 0;
			}
		}
		catch (RuntimeException ex) {
			if (this.failures++ == 0) {
				log.warn("Could not publish progress markers (quiet streams' windows wait meanwhile): {}", ex.getMessage());
			}
		}
	}

	@Override
	public void start() {
		this.loops.start(new FixedDelayLoops.Loop(this.interval, this::round));
		log.info("Publishing progress markers for streams {} every {} as {}", this.streams, this.interval, this.source);
	}

	@Override
	public void stop() {
		this.loops.stop();
	}

	@Override
	public boolean isRunning() {
		return this.loops.isRunning();
	}

}
