package io.tributary.support.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys file's format, one key a line: {@code NAME DIGEST SCOPE[,SCOPE...]} separated by spaces,
 * {@code DIGEST} the key's SHA-256 in hex; blank lines and lines starting with {@code #} are
 * ignored. A Kubernetes Secret mounted as a file or {@code ./tributary key create} writes it.
 */
final class KeysFile {

	private KeysFile() {
	}

	/** The keys the text lists; a failure naming the line (never its digest) if one is malformed. */
	static List<ApiKey> parse(String text) {
		List<ApiKey> keys = new ArrayList<>();
		Set<String> names = new HashSet<>();
		String[] lines = text.split("\\R", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String[] fields = line.split("\\s+");
			if (fields.length != 3) {
				throw new IllegalArgumentException("line " + (i + 1)
						+ ": expected NAME DIGEST SCOPE[,SCOPE...], found " + fields.length + " fields");
			}
			try {
				ApiKey key = ApiKey.of(fields[0], fields[1], Arrays.asList(fields[2].split(",")));
				if (!names.add(key.name())) {
					throw new IllegalArgumentException("key '" + key.name() + "' is listed twice");
				}
				keys.add(key);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("line " + (i + 1) + ": " + ex.getMessage(), ex);
			}
		}
		return List.copyOf(keys);
	}

}
