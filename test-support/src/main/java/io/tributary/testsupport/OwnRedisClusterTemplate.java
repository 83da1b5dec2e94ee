package io.tributary.testsupport;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * An {@link OwnRedisCluster} with Spring Data Redis on it, through Lettuce's cluster client: what a
 * test of a Redis-backed type on a real cluster starts before its tests and {@link #close closes}
 * after them.
 */
public final class OwnRedisClusterTemplate implements AutoCloseable {

	private final OwnRedisCluster cluster;

	private final LettuceConnectionFactory factory;

	private final StringRedisTemplate redis;

	private OwnRedisClusterTemplate(OwnRedisCluster cluster) {
		this.cluster = cluster;
		this.factory = new LettuceConnectionFactory(new RedisClusterConfiguration(cluster.nodes()));
		this.factory.afterPropertiesSet();
		this.redis = new StringRedisTemplate(this.factory);
	}

	/** Starts a cluster ({@link OwnRedisCluster#start}) and connects to it. */
	public static OwnRedisClusterTemplate start() {
		OwnRedisCluster cluster = OwnRedisCluster.start();
		try {
			return new OwnRedisClusterTemplate(cluster);
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** The cluster itself, for what a test does to its nodes. */
	public OwnRedisCluster cluster() {
		return this.cluster;
	}

	/** The connection factory, for cluster commands ({@code getClusterConnection()}). */
	public LettuceConnectionFactory factory() {
		return this.factory;
	}

	/** A template on the cluster. */
	public StringRedisTemplate redis() {
		return this.redis;
	}

	/** Disconnects, then stops the cluster. */
	@Override
	public void close() {
		try {
			this.factory.destroy();
		}
		finally {
			this.cluster.close();
		}
	}

}
