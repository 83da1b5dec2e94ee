package io.tributary.contract;

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
		int hash = fnv1a(0x811c9dc5, pipeline);
		hash = (hash ^ 0) * 0x01000193;
		hash = fnv1a(hash, key);
		return Math.floorMod(hash, partitionCount);
	}

	/**
	 * FNV-1a continued over the bytes {@code text.getBytes(UTF_8)} would give, without making them (a
	 * key is hashed for every event routed): a lone surrogate is {@code '?'}, as that encoder writes it.
	 */
	private static int fnv1a(int hash, String text) {
		int h = hash;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				h = (h ^ c) * 0x01000193;
			}
			else if (c < 0x800) {
				h = (h ^ (0xc0 | (c >> 6))) * 0x01000193;
				h = (h ^ (0x80 | (c & 0x3f))) * 0x01000193;
			}
			else if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					int cp = Character.toCodePoint(c, text.charAt(++i));
					h = (h ^ (0xf0 | (cp >> 18))) * 0x01000193;
					h = (h ^ (0x80 | ((cp >> 12) & 0x3f))) * 0x01000193;
					h = (h ^ (0x80 | ((cp >> 6) & 0x3f))) * 0x01000193;
					h = (h ^ (0x80 | (cp & 0x3f))) * 0x01000193;
				}
				else {
					h = (h ^ '?') * 0x01000193;
				}
			}
			else {
				h = (h ^ (0xe0 | (c >> 12))) * 0x01000193;
				h = (h ^ (0x80 | ((c >> 6) & 0x3f))) * 0x01000193;
				h = (h ^ (0x80 | (c & 0x3f))) * 0x01000193;
			}
		}
		return h;
	}

}
