package io.tributary.systemtests.bench;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;

/**
 * Times results by the pipeline's change channel: storage publishes each result right after it wrote
 * it to Redis, where the query service reads it, so the receive time of the first {@code final}
 * result of a window is when that window's final result became queryable (loopback, same clock).
 */
final class ResultWatcher implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisPubSubConnection<String, String> connection;

	private final Predicate<String> keys;

	private final Map<WindowId, Long> firstSeen = new ConcurrentHashMap<>();

	private final Map<WindowId, Long> firstFinal = new ConcurrentHashMap<>();

	private final Set<String> malformed = ConcurrentHashMap.newKeySet();

	private final AtomicLong messages = new AtomicLong();

	ResultWatcher(String redisHost, int redisPort, String namespace, String pipeline, Predicate<String> keys) {
		this.keys = keys;
		this.client = RedisClient.create("redis://" + redisHost + ":" + redisPort);
		this.connection = this.client.connectPubSub();
		this.connection.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				onMessage(message, System.currentTimeMillis());
			}
		});
		this.connection.sync().subscribe(new RedisKeys(namespace).changes(pipeline));
	}

	void onMessage(String message, long receivedAt) {
		this.messages.incrementAndGet();
		WindowResult result;
		try {
			result = WireFormat.read(message, WindowResult.class);
		}
		catch (IllegalArgumentException ex) {
			if (this.malformed.size() < 5) {
				this.malformed.add(message);
			}
			return;
		}
		if (!this.keys.test(result.key())) {
			return;
		}
		WindowId id = new WindowId(result.key(), result.windowStart().toEpochMilli());
		this.firstSeen.putIfAbsent(id, receivedAt);
		if (result.isFinal()) {
			this.firstFinal.putIfAbsent(id, receivedAt);
		}
	}

	/** When the first final result of each window arrived (epoch millis). */
	Map<WindowId, Long> firstFinal() {
		return Map.copyOf(this.firstFinal);
	}

	boolean sawAnyResultOf(String key) {
		return this.firstSeen.keySet().stream().anyMatch((id) -> id.key().equals(key));
	}

	boolean isFinal(WindowId id) {
		return this.firstFinal.containsKey(id);
	}

	long messages() {
		return this.messages.get();
	}

	Set<String> malformedSamples() {
		return Set.copyOf(this.malformed);
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
