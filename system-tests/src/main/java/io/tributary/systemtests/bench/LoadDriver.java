package io.tributary.systemtests.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.tributary.systemtests.client.AmqpIngestPublisher;
import io.tributary.systemtests.client.AmqpSettings;
import io.tributary.systemtests.client.HttpResult;
import io.tributary.systemtests.client.IngestClient;
import io.tributary.systemtests.ysb.AdEvent;
import io.tributary.systemtests.ysb.YsbCampaigns;
import io.tributary.systemtests.ysb.YsbGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live YSB load: HTTP workers post batches (each waits for its 202), AMQP publishers publish batches
 * to the ingest exchange with confirms. Unpaced (the default), HTTP goes as fast as the service
 * accepts and AMQP at {@code --amqp-rate}; at a total target rate ({@link #rate(double, double)}) each
 * channel's senders share one {@link RatePacer} at the channel's share. Event times are the wall
 * clock minus a jitter below half the pipeline's max-out-of-orderness. Counts what was accepted (in
 * total and per second), and per window how many views were accepted and when the last one was.
 */
final class LoadDriver implements PhaseRunner.Load {

	private static final Logger log = LoggerFactory.getLogger(LoadDriver.class);

	/** Cumulative counters; a phase is the difference of two snapshots, phases together their sum. */
	record Counters(long httpEvents, long httpRequests, long amqpEvents, long amqpMessages, long rejected,
			long failed) {

		Counters minus(Counters earlier) {
			return new Counters(this.httpEvents - earlier.httpEvents, this.httpRequests - earlier.httpRequests,
					this.amqpEvents - earlier.amqpEvents, this.amqpMessages - earlier.amqpMessages,
					this.rejected - earlier.rejected, this.failed - earlier.failed);
		}

		Counters plus(Counters other) {
			return new Counters(this.httpEvents + other.httpEvents, this.httpRequests + other.httpRequests,
					this.amqpEvents + other.amqpEvents, this.amqpMessages + other.amqpMessages,
					this.rejected + other.rejected, this.failed + other.failed);
		}

	}

	private final BenchOptions options;

	private final YsbCampaigns campaigns;

	private final String stream;

	private final Duration windowSize;

	private final Duration jitter;

	private final IngestClient ingest;

	private final AmqpSettings rabbit;

	private final String ingestExchange;

	private final String runId;

	private final AcceptedPerSecond acceptedPerSecond;

	private final LongAdder httpEvents = new LongAdder();

	private final LongAdder httpRequests = new LongAdder();

	private final LongAdder amqpEvents = new LongAdder();

	private final LongAdder amqpMessages = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final AtomicLong reportedFailures = new AtomicLong();

	private final Map<WindowId, LongAdder> acceptedViews = new ConcurrentHashMap<>();

	private final Map<WindowId, Long> lastAccepted = new ConcurrentHashMap<>();

	private final AtomicBoolean running = new AtomicBoolean();

	private final List<Thread> threads = new ArrayList<>();

	/**
	 * Per wall-clock millisecond a batch was generated in, the largest event time of the stream's
	 * events generated then (every partition's watermark trails the stream's largest event time).
	 */
	private final ConcurrentSkipListMap<Long, Long> streamTimes = new ConcurrentSkipListMap<>();

	private final RatePacer httpPacer = new RatePacer(System::nanoTime);

	private final RatePacer amqpPacer = new RatePacer(System::nanoTime);

	LoadDriver(BenchOptions options, YsbCampaigns campaigns, String stream, Duration windowSize,
			Duration maxOutOfOrderness, IngestClient ingest, AmqpSettings rabbit, String ingestExchange, String runId,
			AcceptedPerSecond acceptedPerSecond) {
		this.options = options;
		this.campaigns = campaigns;
		this.stream = stream;
		this.windowSize = windowSize;
		this.jitter = maxOutOfOrderness.dividedBy(2).compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1)
				: maxOutOfOrderness.dividedBy(2);
		this.ingest = ingest;
		this.rabbit = rabbit;
		this.ingestExchange = ingestExchange;
		this.runId = runId;
		this.acceptedPerSecond = acceptedPerSecond;
		rate(0, 0);
	}

	/**
	 * The total target rate from now: {@code eventsPerSecond} over both channels, of which AMQP gets
	 * {@code amqpFraction} (all of it without HTTP workers, none without AMQP publishers). 0: unpaced,
	 * HTTP as fast as accepted and AMQP at {@code --amqp-rate}.
	 */
	@Override
	public void rate(double eventsPerSecond, double amqpFraction) {
		if (eventsPerSecond <= 0) {
			this.httpPacer.unpaced();
			if (this.options.amqpRate() > 0) {
				this.amqpPacer.rate(this.options.amqpRate());
			}
			else {
				this.amqpPacer.unpaced();
			}
			return;
		}
		double amqpShare = (this.options.httpConcurrency() == 0) ? 1
				: (this.options.amqpPublishers() == 0) ? 0 : Math.min(1, Math.max(0, amqpFraction));
		this.amqpPacer.rate(eventsPerSecond * amqpShare);
		this.httpPacer.rate(eventsPerSecond * (1 - amqpShare));
	}

	void start() {
		this.running.set(true);
		for (int i = 0; i < this.options.httpConcurrency(); i++) {
			YsbGenerator generator = new YsbGenerator(this.campaigns, this.options.seed() * 1000 + i);
			this.threads.add(Thread.ofPlatform().daemon(true).name("bench-http-" + i)
				.start(() -> httpLoop(generator)));
		}
		for (int i = 0; i < this.options.amqpPublishers(); i++) {
			YsbGenerator generator = new YsbGenerator(this.campaigns, this.options.seed() * 1000 + 500 + i);
			int publisher = i;
			this.threads.add(Thread.ofPlatform().daemon(true).name("bench-amqp-" + i)
				.start(() -> amqpLoop(generator, publisher)));
		}
	}

	void stop() {
		this.running.set(false);
		for (Thread t : this.threads) {
			try {
				t.join(60_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public Counters counters() {
		return new Counters(this.httpEvents.sum(), this.httpRequests.sum(), this.amqpEvents.sum(),
				this.amqpMessages.sum(), this.rejected.sum(), this.failed.sum());
	}

	/** Views accepted per window (the expected {@code counts.events} of each window). */
	Map<WindowId, Long> acceptedViews() {
		Map<WindowId, Long> copy = new java.util.HashMap<>();
		this.acceptedViews.forEach((k, v) -> copy.put(k, v.sum()));
		return copy;
	}

	/** When the last view of each window was accepted (epoch millis). */
	Map<WindowId, Long> lastAccepted() {
		return Map.copyOf(this.lastAccepted);
	}

	private void httpLoop(YsbGenerator generator) {
		while (this.running.get()) {
			int size = this.httpPacer.batchSize(this.options.httpBatch(), this.options.linger());
			if (!awaitSlot(this.httpPacer, size)) {
				continue;
			}
			List<AdEvent> batch = generated(generator.live(size, Instant.now(), this.jitter));
			try {
				HttpResult result = this.ingest.postJson(this.stream, batch.stream().map(AdEvent::toJson).toList());
				if (result.status() == 202) {
					accepted(batch, System.currentTimeMillis());
					this.httpEvents.add(batch.size());
					this.httpRequests.increment();
				}
				else if (result.status() == 503 || result.status() == 429) {
					this.rejected.increment();
					pause(retryAfterMillis(result));
				}
				else {
					failure("HTTP " + result);
				}
			}
			catch (RuntimeException ex) {
				failure(ex.toString());
			}
		}
	}

	private void amqpLoop(YsbGenerator generator, int publisher) {
		long seq = 0;
		try (AmqpIngestPublisher amqp = new AmqpIngestPublisher(this.rabbit, this.ingestExchange)) {
			while (this.running.get()) {
				int size = this.amqpPacer.batchSize(this.options.amqpBatch(), this.options.linger());
				if (!awaitSlot(this.amqpPacer, size)) {
					continue;
				}
				List<AdEvent> batch = generated(generator.live(size, Instant.now(), this.jitter));
				try {
					amqp.publish(this.stream, batch.stream().map(AdEvent::toJson).toList(),
							"bench-" + this.runId + "-" + publisher + "-" + seq++);
					accepted(batch, System.currentTimeMillis());
					this.amqpEvents.add(batch.size());
					this.amqpMessages.increment();
				}
				catch (RuntimeException ex) {
					failure(ex.toString());
				}
			}
		}
		catch (RuntimeException ex) {
			failure("AMQP publisher " + publisher + ": " + ex);
		}
	}

	/** Waits for the batch's slot; false when the channel is stopped (rate 0) and nothing is to be sent now. */
	private static boolean awaitSlot(RatePacer pacer, int events) {
		long wait = pacer.claim(events);
		if (wait == RatePacer.STOPPED) {
			pause(50);
			return false;
		}
		if (wait > 0) {
			LockSupport.parkNanos(wait);
		}
		return true;
	}

	private List<AdEvent> generated(List<AdEvent> batch) {
		long latest = Long.MIN_VALUE;
		for (AdEvent e : batch) {
			latest = Math.max(latest, e.eventTime().toEpochMilli());
		}
		if (latest != Long.MIN_VALUE) {
			this.streamTimes.merge(System.currentTimeMillis(), latest, Math::max);
		}
		return batch;
	}

	/**
	 * How long after its closeable time (its end plus max-out-of-orderness) the load generated the
	 * first event of the stream with an event time at or after it: the earliest any watermark could
	 * pass the window's end, given the data. That wait is the load's: its batching (a batch every
	 * ~50 ms at 10,000 events/s in batches of 500) and its disorder (event times up to half the
	 * max-out-of-orderness behind the clock). -1 when no such event was generated.
	 */
	long dataWait(FinalSamples.Sample sample) {
		long closeableAt = sample.closeableAtMillis();
		for (Map.Entry<Long, Long> batch : this.streamTimes.tailMap(closeableAt - this.jitter.toMillis() - 1).entrySet()) {
			if (batch.getValue() >= closeableAt) {
				return Math.max(0, batch.getKey() - closeableAt);
			}
		}
		return -1;
	}

	private void accepted(List<AdEvent> batch, long acceptedAt) {
		this.acceptedPerSecond.add(acceptedAt, batch.size());
		for (AdEvent e : batch) {
			if (e.isView()) {
				WindowId id = WindowId.of(this.campaigns.adToCampaign().get(e.adId()), e.eventTime(), this.windowSize);
				this.acceptedViews.computeIfAbsent(id, (k) -> new LongAdder()).increment();
				this.lastAccepted.merge(id, acceptedAt, Math::max);
			}
		}
	}

	private void failure(String what) {
		this.failed.increment();
		if (this.reportedFailures.incrementAndGet() <= 5) {
			log.warn("Load request failed: {}", what);
		}
		pause(200);
	}

	/** A refusal's Retry-After in milliseconds (1 s without one, at most 5 s). */
	static long retryAfterMillis(HttpResult result) {
		try {
			return Math.min(5_000, Long.parseLong(result.header("Retry-After").orElse("1").trim()) * 1000);
		}
		catch (NumberFormatException ex) {
			return 1_000;
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(Math.max(1, millis));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
