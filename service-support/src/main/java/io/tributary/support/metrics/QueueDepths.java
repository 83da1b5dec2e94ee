package io.tributary.support.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Gauges of the messages waiting in each input queue of this service ({@code tributary.queue.depth},
 * tags {@code binding} and {@code queue}), polled from the broker every few seconds by a
 * {@link DepthSource}, never per message. A queue's gauge appears once the broker first reports it
 * (a dead-letter queue that does not exist has none); when the broker stops answering, the last
 * values stay.
 */
final class QueueDepths implements SmartLifecycle {

	static final String DEPTH = "tributary.queue.depth";

	private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

	/** Where the depth of a queue comes from. */
	interface DepthSource {

		/** Messages waiting in each queue, by queue; a queue missing from the answer is unknown. */
		Map<String, Long> depths(List<InputQueue> queues);

	}

	private final List<InputQueue> queues;

	private final DepthSource source;

	private final Duration interval;

	private final MeterRegistry meters;

	private final Map<String, Double> depths = new ConcurrentHashMap<>();

	private volatile boolean warned;

	private ScheduledExecutorService poller;

	QueueDepths(List<InputQueue> queues, DepthSource source, Duration interval, MeterRegistry meters) {
		this.queues = List.copyOf(queues);
		this.source = source;
		this.interval = interval;
		this.meters = meters;
	}

	/** Asks the broker once; a failure keeps the last values and is logged once until it answers again. */
	void poll() {
		try {
			Map<String, Long> answer = this.source.depths(this.queues);
			for (InputQueue queue : this.queues) {
				Long depth = answer.get(queue.queue());
				if (depth != null && this.depths.put(queue.queue(), depth.doubleValue()) == null) {
					Gauge.builder(DEPTH, this.depths, (d) -> d.getOrDefault(queue.queue(), Double.NaN))
						.description("Messages waiting in an input queue (RabbitMQ) or not yet consumed by the group (Kafka)")
						.tag("binding", queue.binding())
						.tag("queue", queue.queue())
						.register(this.meters);
				}
			}
			this.warned = false;
		}
		catch (RuntimeException ex) {
			if (!this.warned) {
				this.warned = true;
				log.warn("Could not read the input queue depths: {}", ex.getMessage());
			}
		}
	}

	@Override
	public synchronized void start() {
		if (this.poller == null && !this.queues.isEmpty()) {
			this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
				.name("queue-depths")
				.daemon(true)
				.factory());
			long millis = this.interval.toMillis();
			this.poller.scheduleWithFixedDelay(this::poll, 0, millis, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.poller != null) {
			this.poller.shutdownNow();
			this.poller = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.poller != null;
	}

}
