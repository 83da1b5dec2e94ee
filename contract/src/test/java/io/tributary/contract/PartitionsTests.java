package io.tributary.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The partition function against FNV-1a written out over {@code getBytes(UTF_8)}, as it was first defined. */
class PartitionsTests {

	/** The definition: FNV-1a (32 bit) over the pipeline's UTF-8 bytes, a zero byte, the key's UTF-8 bytes. */
	private static int reference(String pipeline, String key, int partitions) {
		int hash = 0x811c9dc5;
		for (byte b : pipeline.getBytes(StandardCharsets.UTF_8)) {
			hash = (hash ^ (b & 0xff)) * 0x01000193;
		}
		hash = (hash ^ 0) * 0x01000193;
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
			hash = (hash ^ (b & 0xff)) * 0x01000193;
		}
		return Math.floorMod(hash, partitions);
	}

	@Test
	void knownValuesStayWhereTheyWere() {
		// worked out once with FNV-1a outside Java; a change here would move every key's state
		assertThat(Partitions.of("campaign-views", "campaign-9", 8)).isEqualTo(4);
		assertThat(Partitions.of("p", "", 8)).isEqualTo(5);
		assertThat(Partitions.of("", "", 1_000_003)).isEqualTo(696_099);
		assertThat(Partitions.of("views", "caf\u00e9", 64)).isEqualTo(23);
	}

	@Test
	void everyKindOfCharacterHashesAsItsUtf8Bytes() {
		List<String> keys = List.of("ascii-key", "caf\u00e9", "\u00ff\u0100\u07ff\u0800", "\u65e5\u672c\u8a9e\uffff",
				"emoji \ud83d\ude00 and \ud800\udc00 \udbff\udfff", "lone high \ud83d", "lone low \ude00 here",
				"\ud83d\ud83d\ude00", "\ude00\ud83d", "nul\u0000inside", "\u007f\u0080");
		for (String key : keys) {
			for (int partitions : new int[] { 1, 2, 7, 8, 64, Integer.MAX_VALUE }) {
				assertThat(Partitions.of("pipeline \u00e9\ud83d\ude00", key, partitions)).as(key)
					.isEqualTo(reference("pipeline \u00e9\ud83d\ude00", key, partitions));
			}
		}
	}

	@Test
	void randomStringsOfAnyCharsAgreeWithTheReference() {
		Random random = new Random(42);
		for (int n = 0; n < 20_000; n++) {
			char[] chars = new char[random.nextInt(12)];
			for (int i = 0; i < chars.length; i++) {
				// surrogates often, so that pairs and lone halves both occur
				chars[i] = switch (random.nextInt(4)) {
					case 0 -> (char) random.nextInt(0x80);
					case 1 -> (char) (0xd800 + random.nextInt(0x800));
					default -> (char) random.nextInt(0x10000);
				};
			}
			String key = new String(chars);
			assertThat(Partitions.of("views", key, 8)).isEqualTo(reference("views", key, 8));
		}
	}

	@Test
	void aPartitionCountMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Partitions.of("p", "k", 0))
			.withMessageContaining("partitionCount must be > 0");
	}

}
