package io.tributary.ingestion.publish;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.WireFormat;
import io.tributary.ingestion.IngestionProperties;
import io.tributary.support.broker.BinderChoice;
import io.tributary.support.broker.BoundOutputs;
import io.tributary.support.broker.ConfirmedOutputs;
import io.tributary.support.broker.UnconfirmedException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends one {@link EventBatch} to {@code <ns>.events} (routing key = stream) and returns only once
 * the broker confirmed it and did not return it as unroutable ({@link ConfirmedOutputs}: on RabbitMQ
 * the binding's producer has {@code use-confirm-header: true}; on Kafka it is synchronous with
 * {@code acks=all}). A send to an unreachable broker throws at once.
 */
@Component
public class EventPublisher {

	/**
	 * The output binding, bound at start-up ({@code output-bindings}); its destination and producer
	 * settings are in application.yml. Sent to through {@link BoundOutputs}.
	 */
	static final String BINDING = "events-out-0";

	private final ConfirmedOutputs outputs;

	private final Timer confirmed;

	private final Timer failed;

	private final MeterRegistry meters;

	private final InFlightBatches inFlight;

	/** For RabbitMQ. */
	EventPublisher(BoundOutputs outputs, IngestionProperties properties, MeterRegistry meters) {
		this(outputs, properties, meters, BinderChoice.RABBIT, new InFlightBatches());
	}

	@Autowired
	EventPublisher(BoundOutputs outputs, IngestionProperties properties, MeterRegistry meters, Environment environment,
			InFlightBatches inFlight) {
		this(outputs, properties, meters, BinderChoice.of(environment), inFlight);
	}

	EventPublisher(BoundOutputs outputs, IngestionProperties properties, MeterRegistry meters, BinderChoice binder,
			InFlightBatches inFlight) {
		this.inFlight = inFlight;
		this.outputs = new ConfirmedOutputs(outputs, binder, properties.ingestion().confirmTimeout());
		this.confirmed = Timer.builder("tributary.ingestion.publish").tag("outcome", "confirmed")
			.description("Publishing an event batch until the broker confirmed it").register(meters);
		this.failed = Timer.builder("tributary.ingestion.publish").tag("outcome", "failed")
			.description("Publishing an event batch until the broker confirmed it").register(meters);
		this.meters = meters;
	}

	/**
	 * Publishes the batch and waits for the broker's confirm.
	 * @throws PublishFailedException when the broker did not take the batch
	 */
	public void publish(String stream, EventBatch batch) {
		publish(stream, batch, null);
	}

	/**
	 * Publishes the batch of an HTTP request and waits for the broker's confirm; the name of the
	 * request's API key goes with it ({@link Headers#API_KEY_NAME}), so dead letters made of its events
	 * say who sent them.
	 * @param apiKeyName the key's name (never the key), or null without keys
	 * @throws PublishFailedException when the broker did not take the batch
	 */
	public void publish(String stream, EventBatch batch, @Nullable String apiKeyName) {
		long start = System.nanoTime();
		// until confirmed, this instance's progress markers for the stream vouch for no later time
		InFlightBatches.Ticket ticket = this.inFlight.begin(stream, acceptedAt(batch));
		try {
			ConfirmedOutputs.Sends sends = this.outputs.start(1);
			byte[] payload = WireFormat.writeMessage(batch);
			MessageBuilder<byte[]> message = MessageBuilder.withPayload(payload)
				.setHeader(Headers.STREAM, stream)
				.setHeader(MessageHeaders.CONTENT_TYPE, WireFormat.contentType(payload));
			if (apiKeyName != null) {
				message.setHeader(Headers.API_KEY_NAME, apiKeyName);
			}
			sends.send(BINDING, message);
			sends.awaitConfirms();
			this.confirmed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			// Streams are declared in the pipeline file, so the tag's values are bounded.
			this.meters.counter("tributary.ingestion.events", "stream", stream).increment(batch.events().size());
		}
		catch (UnconfirmedException ex) {
			this.failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			throw new PublishFailedException(ex.getMessage(), ex);
		}
		finally {
			this.inFlight.end(ticket);
		}
	}

	private static Instant acceptedAt(EventBatch batch) {
		Instant earliest = Instant.MAX;
		for (Event event : batch.events()) {
			if (event.ingestTime().isBefore(earliest)) {
				earliest = event.ingestTime();
			}
		}
		return batch.events().isEmpty() ? Instant.now() : earliest;
	}

}
