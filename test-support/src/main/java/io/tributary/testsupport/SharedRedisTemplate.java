package io.tributary.testsupport;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A Spring Data Redis connection of a test's own to the tests' Redis ({@link TestInfrastructure#redis}),
 * for the keys of one namespace: {@link #close} deletes the namespace's keys, then disconnects.
 */
public final class SharedRedisTemplate implements AutoCloseable {

	private final String namespace;

	private final LettuceConnectionFactory factory;

	private final StringRedisTemplate redis;

	private SharedRedisTemplate(String namespace) {
		this.namespace = namespace;
		TestInfrastructure.Redis server = TestInfrastructure.redis();
		this.factory = new LettuceConnectionFactory(server.host(), server.port());
		this.factory.afterPropertiesSet();
		this.redis = new StringRedisTemplate(this.factory);
	}

	/** Connects, for the keys of this namespace. */
	public static SharedRedisTemplate connect(String namespace) {
		return new SharedRedisTemplate(namespace);
	}

	/** A template on the connection. */
	public StringRedisTemplate redis() {
		return this.redis;
	}

	/** Deletes the namespace's keys ({@link TestInfrastructure#deleteRedisNamespace}), then disconnects. */
	@Override
	public void close() {
		try {
			TestInfrastructure.deleteRedisNamespace(this.namespace);
		}
		finally {
			this.factory.destroy();
		}
	}

}
