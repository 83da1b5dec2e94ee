package io.tributary.processing.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The keys and arguments of one call of {@code scripts/checkpoint.lua}, in the order the script reads
 * them. Each argument is encoded to UTF-8 once, as it is added: the client sends these arrays as they
 * are (a serializer would encode every string again), and the checkpoint's size is counted from them.
 */
final class CheckpointScriptCall {

	private static final byte[] OUTBOX_SET = { '1' };

	private static final byte[] OUTBOX_DELETE = { '0' };

	private static final byte[] EMPTY = {};

	private final List<String> keys = new ArrayList<>();

	private byte[][] args;

	private int argCount;

	/** Field names and values of the hashes set, and the outbox. */
	private long stateBytes;

	/**
	 * @param outbox   the outbox to store, or null to delete it
	 * @param capacity how many arguments are expected in all (grows past it)
	 */
	CheckpointScriptCall(String ownerKey, String outboxKey, String instanceId, long leaseTtlMillis,
			@Nullable String outbox, int capacity) {
		this.args = new byte[Math.max(capacity, 4)][];
		this.keys.add(ownerKey);
		this.keys.add(outboxKey);
		add(utf8(instanceId));
		add(ascii(Long.toString(leaseTtlMillis)));
		// the outbox always mirrors the latest checkpoint: re-publishing it is idempotent
		if (outbox != null) {
			byte[] bytes = utf8(outbox);
			this.stateBytes += bytes.length;
			add(OUTBOX_SET);
			add(bytes);
		}
		else {
			add(OUTBOX_DELETE);
			add(EMPTY);
		}
	}

	/** How many arguments a hash adds to the call: none when it neither sets nor deletes a field. */
	static int argumentsOf(Map<String, String> set, Collection<String> delete) {
		return (set.isEmpty() && delete.isEmpty()) ? 0 : 2 + 2 * set.size() + delete.size();
	}

	/** Adds one hash to the keys, and its writes to the arguments; nothing when it has none. */
	void addHash(String key, Map<String, String> set, Collection<String> delete) {
		if (set.isEmpty() && delete.isEmpty()) {
			return;
		}
		this.keys.add(key);
		add(ascii(Integer.toString(set.size())));
		for (Map.Entry<String, String> field : set.entrySet()) {
			byte[] name = utf8(field.getKey());
			byte[] value = utf8(field.getValue());
			this.stateBytes += name.length + value.length;
			add(name);
			add(value);
		}
		add(ascii(Integer.toString(delete.size())));
		for (String field : delete) {
			add(utf8(field));
		}
	}

	List<String> keys() {
		return this.keys;
	}

	/** The arguments, as the script reads them ({@code ARGV}). */
	byte[][] args() {
		return (this.argCount == this.args.length) ? this.args : Arrays.copyOf(this.args, this.argCount);
	}

	/** The bytes of state written: field names and values of the hashes set, and the outbox. */
	long stateBytes() {
		return this.stateBytes;
	}

	private void add(byte[] arg) {
		if (this.argCount == this.args.length) {
			this.args = Arrays.copyOf(this.args, this.args.length * 2);
		}
		this.args[this.argCount++] = arg;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] ascii(String digits) {
		return digits.getBytes(StandardCharsets.ISO_8859_1);
	}

}
