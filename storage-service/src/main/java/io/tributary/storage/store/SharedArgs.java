package io.tributary.storage.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The arguments every storage script starts with, which {@code common.lua} decodes: when the write
 * happens, how long the records of the call are kept, the margin added to key expiries, and how many
 * expired records one call trims at most (all in milliseconds where a time). Encoded once per write
 * and retention, then shared by the calls.
 */
final class SharedArgs {

	/** Their names, in order; {@code common.lua} decodes them into locals of these names. */
	static final List<String> NAMES = List.of("now", "retention", "margin", "trim_limit");

	/** How many arguments come before a script's own. */
	static final int COUNT = NAMES.size();

	private final long now;

	private final long retention;

	private final long margin;

	private final int trimLimit;

	private final byte[][] encoded;

	SharedArgs(long now, long retention, long margin, int trimLimit) {
		this.now = now;
		this.retention = retention;
		this.margin = margin;
		this.trimLimit = trimLimit;
		this.encoded = new byte[][] { ascii(now), ascii(retention), ascii(margin), ascii(trimLimit) };
	}

	long now() {
		return this.now;
	}

	long retention() {
		return this.retention;
	}

	long margin() {
		return this.margin;
	}

	int trimLimit() {
		return this.trimLimit;
	}

	/** Before this instant (epoch millis), a record is past its retention. */
	long cutoff() {
		return this.now - this.retention;
	}

	/** ARGV of a call of {@code script}: these shared arguments, then its own (as many as it names). */
	byte[][] then(LuaScript script, byte[]... own) {
		if (own.length != script.argNames().size()) {
			throw new IllegalArgumentException(script + " takes " + script.argNames() + ", got " + own.length);
		}
		return thenRest(own);
	}

	/** ARGV of a call whose own arguments have a variable tail (see {@link LuaScript#PIPELINE_KEYS}). */
	byte[][] thenRest(byte[][] own) {
		byte[][] args = new byte[COUNT + own.length][];
		System.arraycopy(this.encoded, 0, args, 0, COUNT);
		System.arraycopy(own, 0, args, COUNT, own.length);
		return args;
	}

	static byte[] ascii(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
