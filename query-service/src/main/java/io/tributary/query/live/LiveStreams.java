package io.tributary.query.live;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.WireFormat;
import io.tributary.query.QueryProperties;
import io.tributary.query.live.FeedReader.Entry;
import io.tributary.query.web.TooManyKeyStreamsException;
import io.tributary.query.web.TooManyStreamsException;
import io.tributary.support.security.RateLimitProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live streams this replica serves. Each follows the pipeline's feed from its own position on
 * a virtual thread, polling (cheap, non-blocking reads on the shared Redis connection), so a client
 * resumes exactly after the last id it saw, whichever replica it reaches. Events: {@code result}
 * with the feed id as the SSE id; a comment every heartbeat interval keeps idle connections open.
 * A key may hold at most {@code tributary.rate-limits.live-streams-per-key} of them here at once: a
 * stream holds its place from its opening until its emitter completes, times out or fails, or its
 * client is found gone (at the next write, at most a heartbeat later).
 */
@Component
class LiveStreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

	private static final int BATCH = 100;

	private final FeedReader feed;

	private final Duration pollInterval;

	private final Duration heartbeat;

	private final Duration timeout;

	private final int maxStreams;

	/** Per key, when keys and rate limits are on; else no per-key limit. */
	private final @Nullable RateLimitProperties keyLimits;

	private final Set<Stream> active = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	LiveStreams(FeedReader feed, MeterRegistry meters, QueryProperties properties,
			ObjectProvider<RateLimitProperties> rateLimits) {
		this.feed = feed;
		RateLimitProperties limits = rateLimits.getIfAvailable();
		this.keyLimits = (limits != null && limits.enabled()) ? limits : null;
		this.pollInterval = properties.live().pollInterval();
		this.heartbeat = properties.live().heartbeat();
		this.timeout = properties.live().timeout();
		this.maxStreams = properties.live().maxStreams();
		Gauge.builder("tributary.live.streams", this.active, Set::size)
			.description("live result streams (SSE) this replica serves")
			.register(meters);
	}

	/**
	 * Starts a stream of the pipeline's results after the feed id {@code afterId}.
	 * @param key     only this key's results, or all when null
	 * @param keyName the name of the API key that asks, or null without keys
	 */
	SseEmitter open(String pipeline, @Nullable String key, String afterId, @Nullable String keyName) {
		if (!this.running) {
			throw TooManyStreamsException.shuttingDown();
		}
		SseEmitter emitter = new SseEmitter(this.timeout.toMillis());
		Stream stream = new Stream(pipeline, key, afterId, emitter, keyName);
		admit(stream);
		emitter.onCompletion(stream::close);
		emitter.onTimeout(() -> {
			stream.close();
			// completed here, a timeout is the stream's normal end, not an AsyncRequestTimeoutException
			emitter.complete();
		});
		emitter.onError((ex) -> stream.close());
		Thread.ofVirtual().name("live-" + pipeline).start(stream::run);
		return emitter;
	}

	/** Counts the stream in, or refuses it: too many streams here, or too many of its key. */
	private synchronized void admit(Stream stream) {
		if (this.active.size() >= this.maxStreams) {
			throw new TooManyStreamsException(this.maxStreams);
		}
		RateLimitProperties limits = this.keyLimits;
		if (limits != null && stream.keyName != null) {
			int max = limits.liveStreamsFor(stream.keyName);
			if (openOf(stream.keyName) >= max) {
				log.info("Refused a live stream of pipeline {} for key '{}': it has {} open here, its limit",
						stream.pipeline, stream.keyName, max);
				throw new TooManyKeyStreamsException(stream.keyName, max);
			}
		}
		this.active.add(stream);
	}

	int size() {
		return this.active.size();
	}

	/** The live streams the key of this name has open here. */
	int openOf(String keyName) {
		int open = 0;
		for (Stream s : this.active) {
			if (keyName.equals(s.keyName)) {
				open++;
			}
		}
		return open;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/** Ends every stream; clients reconnect (to another replica) with their last id. */
	@Override
	public void stop() {
		this.running = false;
		for (Stream s : List.copyOf(this.active)) {
			s.emitter.complete();
			s.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private final class Stream {

		final String pipeline;

		final @Nullable String key;

		final SseEmitter emitter;

		final @Nullable String keyName;

		String last;

		volatile boolean closed;

		Stream(String pipeline, @Nullable String key, String afterId, SseEmitter emitter, @Nullable String keyName) {
			this.pipeline = pipeline;
			this.keyName = keyName;
			this.key = key;
			this.last = afterId;
			this.emitter = emitter;
		}

		void close() {
			this.closed = true;
			LiveStreams.this.active.remove(this);
		}

		void run() {
			long lastWrite = System.nanoTime();
			try {
				// the response starts at once: a client knows the stream is open before the first result
				this.emitter.send(SseEmitter.event().comment("results of pipeline " + this.pipeline + " after " + this.last));
				while (!this.closed && LiveStreams.this.running) {
					List<Entry> entries = LiveStreams.this.feed.after(this.pipeline, this.last, BATCH);
					for (Entry e : entries) {
						this.last = e.id();
						if (this.key == null || this.key.equals(keyOf(e))) {
							this.emitter.send(SseEmitter.event()
								.id(e.id())
								.name(e.type().wireName())
								.data(FeedPayloads.served(e.type(), e.data()), MediaType.APPLICATION_JSON));
							lastWrite = System.nanoTime();
						}
					}
					if (entries.size() < BATCH) {
						if (System.nanoTime() - lastWrite > LiveStreams.this.heartbeat.toNanos()) {
							this.emitter.send(SseEmitter.event().comment("keep-alive"));
							lastWrite = System.nanoTime();
						}
						Thread.sleep(LiveStreams.this.pollInterval);
					}
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client went away (or the emitter completed): nothing to tell anyone
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				// Redis failed: end the stream; the client reconnects with its last id
				log.warn("Live stream of pipeline {} ends: {}", this.pipeline, ex.getMessage());
				this.emitter.completeWithError(ex);
			}
			finally {
				close();
			}
		}

		/** The part of a feed entry the key filter reads. */
		private record Keyed(@Nullable String key) {
		}

		private @Nullable String keyOf(Entry e) {
			try {
				// every feed payload carries the key at the top level
				return WireFormat.read(e.data(), Keyed.class).key();
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

	}

}
