package io.tributary.processing.bench;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Redis as the processing stages' template sees it, at the connection: every command arrives
 * serialised, as it would leave for the network. It answers only what the core benchmark needs: the
 * lookup table and its version, an empty checkpoint to restore from, and "yes" to every script (the
 * lease is this instance's, so every checkpoint is accepted). The bytes of script calls are counted
 * as what the checkpoints send to Redis; nothing is kept.
 */
final class InMemoryRedis implements RedisConnectionFactory {

	private final Map<String, Map<String, String>> hashes = new HashMap<>();

	private final Map<String, String> strings = new HashMap<>();

	private final RedisConnection connection;

	private long scriptCalls;

	private long scriptBytes;

	InMemoryRedis() {
		this.connection = (RedisConnection) Proxy.newProxyInstance(RedisConnection.class.getClassLoader(),
				new Class<?>[] { RedisConnection.class }, (proxy, method, args) -> answer(proxy, method.getName(), args));
	}

	/** A template on this Redis, as the service's. */
	StringRedisTemplate template() {
		StringRedisTemplate template = new StringRedisTemplate(this);
		template.afterPropertiesSet();
		return template;
	}

	void putHash(String key, Map<String, String> fields) {
		this.hashes.computeIfAbsent(key, (k) -> new LinkedHashMap<>()).putAll(fields);
	}

	void putString(String key, String value) {
		this.strings.put(key, value);
	}

	long scriptCalls() {
		return this.scriptCalls;
	}

	/** The keys and arguments of every script call, in bytes. */
	long scriptBytes() {
		return this.scriptBytes;
	}

	private @Nullable Object answer(Object proxy, String command, Object @Nullable [] args) {
		return switch (command) {
			case "evalSha", "eval" -> script((ReturnType) args[1], (byte[][]) args[3]);
			case "hGetAll" -> bytes(this.hashes.getOrDefault(text(args[0]), Map.of()));
			case "get" -> bytes(this.strings.get(text(args[0])));
			case "hGet" -> bytes(this.hashes.getOrDefault(text(args[0]), Map.of()).get(text(args[1])));
			case "hSet" -> Boolean.TRUE;
			case "isClosed", "isQueueing", "isPipelined" -> Boolean.FALSE;
			case "close" -> null;
			case "hashCode" -> System.identityHashCode(proxy);
			case "equals" -> proxy == args[0];
			case "toString" -> "InMemoryRedis connection";
			// every command group of the connection is the connection itself
			default -> {
				if (command.endsWith("Commands")) {
					yield proxy;
				}
				throw new UnsupportedOperationException("the core benchmark's Redis does not answer " + command);
			}
		};
	}

	private Object script(ReturnType type, byte[][] keysAndArgs) {
		this.scriptCalls++;
		for (byte[] part : keysAndArgs) {
			this.scriptBytes += part.length;
		}
		// the checkpoint script answers {1} when it wrote as the lease holder; the lease scripts 1
		return (type == ReturnType.MULTI) ? List.of(1L) : (Object) 1L;
	}

	private static String text(Object bytes) {
		return new String((byte[]) bytes, StandardCharsets.UTF_8);
	}

	private static byte @Nullable [] bytes(@Nullable String value) {
		return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null;
	}

	private static Map<byte[], byte[]> bytes(Map<String, String> hash) {
		Map<byte[], byte[]> result = new LinkedHashMap<>();
		hash.forEach((k, v) -> result.put(k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
		return result;
	}

	@Override
	public boolean getConvertPipelineAndTxResults() {
		return false;
	}

	@Override
	public RedisConnection getConnection() {
		return this.connection;
	}

	@Override
	public RedisClusterConnection getClusterConnection() {
		throw new UnsupportedOperationException("not a cluster");
	}

	@Override
	public RedisSentinelConnection getSentinelConnection() {
		throw new UnsupportedOperationException("no sentinels");
	}

	@Override
	public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException ex) {
		return null;
	}

}
