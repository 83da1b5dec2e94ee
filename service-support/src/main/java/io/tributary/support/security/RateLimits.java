package io.tributary.support.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.jspecify.annotations.Nullable;

/**
 * The token buckets of keys and streams, kept in Redis under {@code <ns>:ratelimit:key:<name>} and
 * {@code <ns>:ratelimit:stream:<stream>} so that every replica counts into the same bucket. The Redis
 * connection is made on first use (and again at most every 10 s after a failure), so a Redis that is
 * down at start-up does not stop the service nor make every request wait for a connection; after a
 * bucket operation failed (the proxy waits at most its request timeout), Redis is not asked again for a
 * second, so a stalled Redis does not hold every request.
 */
final class RateLimits {

	private static final Duration RECONNECT_AFTER = Duration.ofSeconds(10);

	/**
	 * After Redis failed to answer, requests go on without asking it for this long: a stalled Redis costs
	 * one request the bucket operation's timeout now and then, not every request.
	 */
	private static final long PAUSE_AFTER_FAILURE_NANOS = Duration.ofSeconds(1).toNanos();

	private final Supplier<ProxyManager<byte[]>> connect;

	private final String namespace;

	private final RateLimitProperties properties;

	private final Map<RateLimitProperties.Limit, BucketConfiguration> configurations = new ConcurrentHashMap<>();

	private volatile @Nullable ProxyManager<byte[]> buckets;

	/** After a failed connection, no new attempt before this ({@link System#nanoTime()}), so requests do not wait on it. */
	private volatile long connectNotBefore = System.nanoTime();

	/** After a failure, no bucket operation before this ({@link System#nanoTime()}). */
	private volatile long askNotBefore = System.nanoTime();

	RateLimits(Supplier<ProxyManager<byte[]>> connect, String namespace, RateLimitProperties properties) {
		this.connect = connect;
		this.namespace = namespace;
		this.properties = properties;
	}

	/** Takes one request from the key's bucket. */
	RateLimitDecision forKey(String keyName) {
		return take("key:" + keyName, this.properties.forKey(keyName));
	}

	/** Takes one event post from the stream's bucket. */
	RateLimitDecision forStream(String stream) {
		return take("stream:" + stream, this.properties.forStream(stream));
	}

	/** @throws RuntimeException when Redis did not answer (within the proxy's request timeout) or failed a moment ago */
	private RateLimitDecision take(String what, RateLimitProperties.Limit limit) {
		if (System.nanoTime() - this.askNotBefore < 0) {
			throw new IllegalStateException("Redis did not answer the rate limits a moment ago");
		}
		BucketConfiguration configuration = this.configurations.computeIfAbsent(limit, RateLimits::configuration);
		byte[] key = (this.namespace + ":ratelimit:" + what).getBytes(StandardCharsets.UTF_8);
		try {
			ConsumptionProbe probe = buckets().builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
			return RateLimitDecision.of(probe, limit.burst());
		}
		catch (RuntimeException ex) {
			this.askNotBefore = System.nanoTime() + PAUSE_AFTER_FAILURE_NANOS;
			throw ex;
		}
	}

	private ProxyManager<byte[]> buckets() {
		ProxyManager<byte[]> current = this.buckets;
		if (current == null) {
			synchronized (this) {
				current = this.buckets;
				if (current == null) {
					if (System.nanoTime() - this.connectNotBefore < 0) {
						throw new IllegalStateException("no connection to Redis for the rate limits yet");
					}
					try {
						current = this.connect.get();
					}
					catch (RuntimeException ex) {
						this.connectNotBefore = System.nanoTime() + RECONNECT_AFTER.toNanos();
						throw ex;
					}
					this.buckets = current;
				}
			}
		}
		return current;
	}

	private static BucketConfiguration configuration(RateLimitProperties.Limit limit) {
		Duration period = limit.period();
		return BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit.burst()).refillGreedy(limit.requests(), period))
			.build();
	}

}
