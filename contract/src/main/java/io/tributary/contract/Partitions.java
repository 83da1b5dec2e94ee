package io.tributary.contract;

import java.nio.charset.StandardCharsets;

/**
 * Maps {@code (pipeline, key)} to one of a fixed number of partitions. Every service that routes or
 * owns window state must agree on this function, so it lives in the contract. The partition count
 * is fixed for a deployment: window state is stored per partition.
 */
public final class Partitions {

	private Partitions() {
	}

	public static int of(String pipeline, String key, int partitionCount) {
		if (partitionCount <= 0) {
			throw new IllegalArgumentException("partitionCount must be > 0");
		}
		// FNV-1a over the UTF-8 bytes: stable across JVMs and languages, unlike String.hashCode mixing
		int hash = 0x811c9dc5;
		for (byte b : pipeline.getBytes(StandardCharsets.UTF_8)) {
			hash = (hash ^ (b & 0xff)) * 0x01000193;
		}
		hash = (hash ^ 0) * 0x01000193;
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
			hash = (hash ^ (b & 0xff)) * 0x01000193;
		}
		return Math.floorMod(hash, partitionCount);
	}

}
