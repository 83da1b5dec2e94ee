package io.tributary.ingestion.backpressure;

import java.time.Clock;
import java.util.OptionalLong;

import io.tributary.contract.AcceptLagReport;
import io.tributary.contract.RedisKeys;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The processing instances' accept-lag reports ({@link RedisKeys#acceptLag}, one field per instance):
 * the largest among those written in the last {@link AcceptLagReport#STALE_AFTER} by this host's
 * clock, so a stopped instance's report stops counting (the hosts' clocks must agree to well within
 * that, as they must for event times).
 */
final class RedisAcceptLag implements AcceptLagSource {

	private final StringRedisTemplate redis;

	private final String key;

	private final Clock clock;

	RedisAcceptLag(StringRedisTemplate redis, RedisKeys keys, Clock clock) {
		this.redis = redis;
		this.key = keys.acceptLag();
		this.clock = clock;
	}

	@Override
	public OptionalLong largestFreshLagMillis() {
		return AcceptLagReport.largestFresh(this.redis.<String, String>opsForHash().values(this.key),
				this.clock.instant());
	}

}
