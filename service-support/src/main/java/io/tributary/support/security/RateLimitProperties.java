package io.tributary.support.security;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tributary.rate-limits.*}: how many requests a key, and how many event posts a stream, may
 * make, counted in Redis so that a limit holds across replicas.
 *
 * @param enabled   limits on (with keys on); {@code false} counts nothing
 * @param perKey    every key's limit unless {@code keys} names it
 * @param keys      limits for named keys
 * @param perStream every stream's limit (default {@link #DEFAULT_PER_STREAM}: 1000 a second, 5000 at once) on {@code POST /api/v1/streams/{stream}/events} unless {@code streams} names it
 * @param streams   limits for named streams
 */
@ConfigurationProperties("tributary.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue Limit perKey, @DefaultValue Map<String, Limit> keys, @Nullable Limit perStream,
		@DefaultValue Map<String, Limit> streams) {

	/** A stream's limit when none is set: ten times a key's default. */
	static final Limit DEFAULT_PER_STREAM = new Limit(1000, Duration.ofSeconds(1), 5000);

	/** The limit of this key's name. */
	Limit forKey(String name) {
		return this.keys.getOrDefault(name, this.perKey);
	}

	/** The limit of this stream. */
	Limit forStream(String stream) {
		return this.streams.getOrDefault(stream, (this.perStream != null) ? this.perStream : DEFAULT_PER_STREAM);
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

}
