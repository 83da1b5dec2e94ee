package io.tributary.processing.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.contract.LateEventRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WireFormat;
import io.tributary.processing.window.Checkpoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.StringRedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a checkpoint sends Redis, at the connection: the script's SHA-1, its keys and its arguments are
 * the bytes the previous store sent (its argument building and the template's string serializer,
 * kept here as the reference), and the size it reports is the UTF-8 length of the fields, values and
 * outbox it sets.
 */
class CheckpointScriptArgumentsTests {

	private static final Random random = new Random(42);

	private final RedisKeys keys = new RedisKeys("args-test");

	private final ScriptConnection connection = new ScriptConnection();

	private final StringRedisTemplate template = this.connection.template();

	private final PartitionLeases leases = new PartitionLeases(this.template, this.keys, "instance-é",
			Duration.ofMillis(12_345));

	private final RedisCheckpointStore store = new RedisCheckpointStore(this.template, this.keys, this.leases);

	@Test
	void theScriptCallIsTheOneThePreviousStoreSent() throws Exception {
		String sha1 = sha1("scripts/checkpoint.lua");
		for (int round = 0; round < 500; round++) {
			Checkpoint checkpoint = checkpoint();

			long bytes = this.store.write(checkpoint);

			Reference reference = reference(checkpoint);
			assertThat(this.connection.sha1).isEqualTo(sha1);
			assertThat(this.connection.numKeys).isEqualTo(reference.keys.size());
			assertThat(this.connection.keysAndArgs).isDeepEqualTo(reference.keysAndArgs());
			assertThat(bytes).isEqualTo(reference.bytes);
		}
	}

	@Test
	void aRefusedCheckpointNamesTheHolder() {
		this.connection.reply = List.of(0L, "other-instance".getBytes(StandardCharsets.UTF_8));

		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> this.store.write(checkpoint()))
			.withMessageContaining("other-instance");
	}

	private Checkpoint checkpoint() {
		Map<String, Map<String, String>> dedupUpserts = new HashMap<>();
		Map<String, Set<String>> dedupDeletes = new HashMap<>();
		for (int i = random.nextInt(4); i > 0; i--) {
			String pipeline = text();
			if (random.nextBoolean()) {
				dedupUpserts.put(pipeline, fields());
			}
			if (random.nextBoolean()) {
				dedupDeletes.put(pipeline, names());
			}
		}
		ResultBatch outbox = random.nextBoolean() ? new ResultBatch(List.of(), List.of(), List.of())
				: new ResultBatch(List.of(), List.of(new LateEventRecord("p" + text(), text(), Instant.EPOCH,
						Instant.ofEpochMilli(10), "e" + text(), Instant.ofEpochMilli(3), Instant.ofEpochMilli(20),
						Map.of("v", text()))), List.of());
		return new Checkpoint(random.nextInt(8), fields(), names(), dedupUpserts, dedupDeletes, fields(), names(),
				outbox);
	}

	/** The keys and arguments as the store built them before, serialised as the template did. */
	private Reference reference(Checkpoint checkpoint) {
		int p = checkpoint.partition();
		String outbox = checkpoint.outbox().isEmpty() ? null : WireFormat.writeString(checkpoint.outbox());
		List<String> scriptKeys = new ArrayList<>();
		scriptKeys.add(this.leases.ownerKey(p));
		scriptKeys.add(this.keys.checkpointOutbox(p));
		List<String> args = new ArrayList<>();
		args.add(this.leases.instanceId());
		args.add(Long.toString(this.leases.ttl().toMillis()));
		args.add((outbox != null) ? "1" : "0");
		args.add((outbox != null) ? outbox : "");
		addHash(scriptKeys, args, this.keys.checkpointWindows(p), checkpoint.windowUpserts(), checkpoint.windowDeletes());
		Set<String> pipelines = new TreeSet<>(checkpoint.dedupUpserts().keySet());
		pipelines.addAll(checkpoint.dedupDeletes().keySet());
		for (String pipeline : pipelines) {
			addHash(scriptKeys, args, this.keys.checkpointDedup(p, pipeline),
					checkpoint.dedupUpserts().getOrDefault(pipeline, Map.of()),
					checkpoint.dedupDeletes().getOrDefault(pipeline, Set.of()));
		}
		addHash(scriptKeys, args, this.keys.checkpointMeta(p), checkpoint.meta(), checkpoint.metaDeletes());
		long bytes = utf8Length(checkpoint.windowUpserts()) + utf8Length(checkpoint.meta());
		for (Map<String, String> ids : checkpoint.dedupUpserts().values()) {
			bytes += utf8Length(ids);
		}
		if (outbox != null) {
			bytes += outbox.getBytes(StandardCharsets.UTF_8).length;
		}
		return new Reference(scriptKeys, args, bytes);
	}

	private static void addHash(List<String> scriptKeys, List<String> args, String key, Map<String, String> set,
			Collection<String> delete) {
		if (set.isEmpty() && delete.isEmpty()) {
			return;
		}
		scriptKeys.add(key);
		args.add(Integer.toString(set.size()));
		set.forEach((field, value) -> {
			args.add(field);
			args.add(value);
		});
		args.add(Integer.toString(delete.size()));
		args.addAll(delete);
	}

	private static long utf8Length(Map<String, String> fields) {
		long bytes = 0;
		for (Map.Entry<String, String> field : fields.entrySet()) {
			bytes += field.getKey().getBytes(StandardCharsets.UTF_8).length
					+ field.getValue().getBytes(StandardCharsets.UTF_8).length;
		}
		return bytes;
	}

	private record Reference(List<String> keys, List<String> args, long bytes) {

		byte[][] keysAndArgs() {
			List<byte[]> all = new ArrayList<>();
			for (String text : this.keys) {
				all.add(StringRedisSerializer.UTF_8.serialize(text));
			}
			for (String text : this.args) {
				all.add(StringRedisSerializer.UTF_8.serialize(text));
			}
			return all.toArray(byte[][]::new);
		}

	}

	private static Map<String, String> fields() {
		Map<String, String> fields = new HashMap<>();
		for (int i = random.nextInt(3) == 0 ? 0 : random.nextInt(1, 30); i > 0; i--) {
			fields.put(text(), text());
		}
		return fields;
	}

	private static Set<String> names() {
		Set<String> names = new HashSet<>();
		for (int i = random.nextInt(3) == 0 ? 0 : random.nextInt(1, 10); i > 0; i--) {
			names.add(text());
		}
		return names;
	}

	private static String text() {
		String[] parts = { "a", "7", "1|views|0|10000|campaign", "é", "\uD83D\uDE00", "\"", "{", "", "\u0000" };
		StringBuilder text = new StringBuilder();
		for (int i = random.nextInt(1, 5); i > 0; i--) {
			text.append(parts[random.nextInt(parts.length)]);
		}
		return text.toString();
	}

	private static String sha1(String resource) throws IOException, NoSuchAlgorithmException {
		try (InputStream in = CheckpointScriptArgumentsTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).isNotNull();
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(in.readAllBytes()));
		}
	}

	/** A Redis connection that records the last EVALSHA and answers it with {@link #reply}. */
	private static final class ScriptConnection implements RedisConnectionFactory {

		private final RedisConnection connection = (RedisConnection) Proxy.newProxyInstance(
				RedisConnection.class.getClassLoader(), new Class<?>[] { RedisConnection.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "evalSha" -> {
						this.sha1 = (String) args[0];
						this.numKeys = (int) args[2];
						this.keysAndArgs = ((byte[][]) args[3]).clone();
						yield this.reply;
					}
					case "isClosed", "isQueueing", "isPipelined" -> Boolean.FALSE;
					case "close" -> null;
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "script connection";
					default -> {
						if (method.getName().endsWith("Commands")) {
							yield proxy;
						}
						throw new UnsupportedOperationException(method.getName());
					}
				});

		@Nullable String sha1;

		int numKeys;

		byte @Nullable [][] keysAndArgs;

		List<Object> reply = List.of(1L);

		StringRedisTemplate template() {
			StringRedisTemplate template = new StringRedisTemplate(this);
			template.afterPropertiesSet();
			return template;
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

}
