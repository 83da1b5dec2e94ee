package io.tributary.support.security;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tributary.rate-limits.*}: how many requests a key, and how many event posts a stream, may
 * make, counted in Redis so that a limit holds across replicas; and how many live streams a key may
 * hold open at once on one replica.
 *
 * @param enabled           limits on (with keys on); {@code false} counts nothing
 * @param perKey            every key's limit unless {@code keys} names it
 * @param keys              limits for named keys; what one leaves unset is {@code per-key}'s (and {@code live-streams-per-key})
 * @param perStream         every stream's limit (default {@link #DEFAULT_PER_STREAM}: 1000 a second, 5000 at once) on {@code POST /api/v1/streams/{stream}/events} unless {@code streams} names it
 * @param streams           limits for named streams
 * @param liveStreamsPerKey live streams (SSE) one key may have open at once on one replica, unless {@code keys} names it
 */
@ConfigurationProperties("tributary.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue Limit perKey, @DefaultValue Map<String, KeyLimit> keys, @Nullable Limit perStream,
		@DefaultValue Map<String, Limit> streams, @DefaultValue("10") int liveStreamsPerKey) {

	/** A stream's limit when none is set: ten times a key's default. */
	static final Limit DEFAULT_PER_STREAM = new Limit(1000, Duration.ofSeconds(1), 5000);

	public RateLimitProperties {
		requireLiveStreams(liveStreamsPerKey, "tributary.rate-limits.live-streams-per-key");
		keys.forEach((name, limit) -> {
			if (limit.liveStreams() != null) {
				requireLiveStreams(limit.liveStreams(), "tributary.rate-limits.keys." + name + ".live-streams");
			}
		});
	}

	/** The limit of this key's name. */
	Limit forKey(String name) {
		KeyLimit own = this.keys.get(name);
		return (own != null) ? own.over(this.perKey) : this.perKey;
	}

	/** The limit of this stream. */
	Limit forStream(String stream) {
		return this.streams.getOrDefault(stream, (this.perStream != null) ? this.perStream : DEFAULT_PER_STREAM);
	}

	/** How many live streams the key of this name may have open at once on one replica. */
	public int liveStreamsFor(String keyName) {
		KeyLimit own = this.keys.get(keyName);
		return (own != null && own.liveStreams() != null) ? own.liveStreams() : this.liveStreamsPerKey;
	}

	private static void requireLiveStreams(int value, String name) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, not " + value);
		}
	}

	/**
	 * A token bucket: {@code requests} every {@code period}, refilled smoothly, and at most
	 * {@code burst} at once (at least {@code requests}).
	 *
	 * @param requests requests per period
	 * @param period   the period
	 * @param burst    the bucket's size: how many may come at once after a quiet time
	 */
	public record Limit(@DefaultValue("100") long requests, @DefaultValue("1s") Duration period,
			@DefaultValue("1000") long burst) {

		public Limit {
			if (requests < 1) {
				throw new IllegalArgumentException("a rate limit's requests must be at least 1, not " + requests);
			}
			if (period.isNegative() || period.isZero()) {
				throw new IllegalArgumentException("a rate limit's period must be positive, not " + period);
			}
			burst = Math.max(burst, requests);
		}

	}

	/**
	 * One named key's own limits ({@code tributary.rate-limits.keys.<name>.*}); each part left unset is
	 * the default's.
	 *
	 * @param requests    requests per period, or {@code per-key}'s
	 * @param period      the period, or {@code per-key}'s
	 * @param burst       the bucket's size, or {@code per-key}'s
	 * @param liveStreams live streams open at once on one replica, or {@code live-streams-per-key}
	 */
	public record KeyLimit(@Nullable Long requests, @Nullable Duration period, @Nullable Long burst,
			@Nullable Integer liveStreams) {

		Limit over(Limit defaults) {
			return new Limit((this.requests != null) ? this.requests : defaults.requests(),
					(this.period != null) ? this.period : defaults.period(),
					(this.burst != null) ? this.burst : defaults.burst());
		}

	}

}
