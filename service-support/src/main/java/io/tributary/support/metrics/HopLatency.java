package io.tributary.support.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.contract.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Where a consuming stage's latency goes, as histograms: the broker hop into it
 * ({@code tributary.hop.latency}, tag {@code hop}: received at minus {@link Headers#SENT_AT}, per
 * message; this includes the wait in the queue and for the consumer's batch to fill) and its handling
 * of a whole delivery ({@code tributary.stage.duration}, tag {@code stage}). Messages without the
 * header (other publishers, older messages) have no hop latency; a sender's clock ahead of ours counts
 * as 0.
 */
public final class HopLatency {

	/** Received at minus sent at, per message, tag {@value #HOP_TAG}. */
	public static final String HOP_LATENCY = "tributary.hop.latency";

	/** A stage's handling of one delivery, tag {@value #STAGE_TAG}. */
	public static final String STAGE_DURATION = "tributary.stage.duration";

	/** The hop of {@link #HOP_LATENCY}: {@code events}, {@code keyed} or {@code results}. */
	public static final String HOP_TAG = "hop";

	/** The stage of {@link #STAGE_DURATION}: {@code route}, {@code window} or {@code store}. */
	public static final String STAGE_TAG = "stage";

	private static final Duration MIN = Duration.ofMillis(1);

	private static final Duration MAX = Duration.ofSeconds(60);

	private final Timer hop;

	private final Timer stage;

	private final Clock clock;

	/**
	 * Registers both timers at once, so that they are served before the first message arrives.
	 * @param hop the hop into the stage ({@code events}, {@code keyed}, {@code results})
	 * @param stage the stage ({@code route}, {@code window}, {@code store})
	 */
	public HopLatency(MeterRegistry meters, String hop, String stage) {
		this(meters, hop, stage, Clock.systemUTC());
	}

	HopLatency(MeterRegistry meters, String hop, String stage, Clock clock) {
		this.hop = timer(HOP_LATENCY, "Received at minus sent at of each message on a broker hop, queueing included")
			.tag(HOP_TAG, hop)
			.register(meters);
		this.stage = timer(STAGE_DURATION, "How long a stage takes to handle one delivery, publish confirms included")
			.tag(STAGE_TAG, stage)
			.register(meters);
		this.clock = clock;
	}

	private static Timer.Builder timer(String name, String description) {
		return Timer.builder(name)
			.description(description)
			.publishPercentileHistogram()
			.minimumExpectedValue(MIN)
			.maximumExpectedValue(MAX);
	}

	/** A delivery arrived just now: the hop latency of each of its messages that says when it was sent. */
	public void received(List<? extends Map<String, ?>> headers) {
		long now = this.clock.millis();
		for (Map<String, ?> message : headers) {
			long sentAt = sentAt(message.get(Headers.SENT_AT));
			if (sentAt > 0) {
				this.hop.record(Math.max(0, now - sentAt), TimeUnit.MILLISECONDS);
			}
		}
	}

	/** Runs the stage's handling of one delivery and records how long it took, also when it throws. */
	public void handle(Runnable handling) {
		this.stage.record(handling);
	}

	/**
	 * The epoch millis of a {@link Headers#SENT_AT} value as either binder delivers it: a {@code Long}
	 * (RabbitMQ; Kafka's header mapper when it knows the type), another number, or the digits as text
	 * or bytes (Kafka records without the mapper's type information). 0 when absent or unreadable.
	 */
	static long sentAt(@Nullable Object value) {
		return switch (value) {
			case Number n -> n.longValue();
			case String s -> digits(s);
			case byte[] bytes -> digits(new String(bytes, StandardCharsets.US_ASCII));
			case null, default -> 0;
		};
	}

	private static long digits(String text) {
		String digits = text.strip();
		if (digits.isEmpty() || digits.length() > 18) {
			return 0;
		}
		for (int i = 0; i < digits.length(); i++) {
			if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
				return 0;
			}
		}
		return Long.parseLong(digits);
	}

}
