package io.tributary.support.security;

import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Rate limits per API key and per stream ({@code tributary.rate-limits.*}) in a service that has API
 * keys, Bucket4j and a Lettuce Redis: the buckets live in the service's Redis so that a limit holds
 * across replicas. {@link ApiSecurityAutoConfiguration} binds the properties and puts the filter after
 * authentication.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ SecurityFilterChain.class, ProxyManager.class, Bucket4jLettuce.class,
		LettuceConnectionFactory.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "tributary.security.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "tributary.rate-limits.enabled", matchIfMissing = true)
@ConditionalOnBean(LettuceConnectionFactory.class)
public final class RateLimitAutoConfiguration {

	/** How long one bucket operation may wait for Redis before the request goes on unlimited. */
	private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);

	@Bean
	RateLimits apiRateLimits(RedisConnectionFactory connections, RateLimitProperties properties, Environment environment) {
		String namespace = environment.getProperty("tributary.namespace", "tributary");
		return new RateLimits(() -> buckets((LettuceConnectionFactory) connections), namespace, properties);
	}

	private static ProxyManager<byte[]> buckets(LettuceConnectionFactory connections) {
		AbstractRedisClient client = connections.getNativeClient();
		Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder = switch (client) {
			case RedisClient single -> Bucket4jLettuce.casBasedBuilder(single);
			case RedisClusterClient cluster -> Bucket4jLettuce.casBasedBuilder(cluster);
			default -> throw new IllegalStateException("Unsupported Redis client " + client.getClass().getName());
		};
		return builder
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.requestTimeout(REDIS_TIMEOUT)
			.build();
	}

}
