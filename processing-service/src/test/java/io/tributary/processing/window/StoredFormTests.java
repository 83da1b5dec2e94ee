package io.tributary.processing.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.WireFormat;
import io.tributary.processing.window.assign.TimeWindow;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkpoint's values are the strings earlier builds stored: a window state is the JSON Jackson
 * writes for its {@link StateCodec.WindowRecord}, a dedup entry the delimited form the previous
 * encoder wrote (kept here as the reference), whatever the entries before it were.
 */
class StoredFormTests {

	private static final Random random = new Random(13);

	@Test
	void aWindowStateIsTheJsonJacksonWritesForItsRecord() {
		for (int round = 0; round < 2_000; round++) {
			WindowState state = new WindowState(text(), new TimeWindow(random.nextLong(-1L << 42, 1L << 42),
					random.nextLong(1L << 42, 1L << 43)), new Object[0]);
			state.revision = random.nextInt(5);
			state.fired = random.nextBoolean();
			state.changed = random.nextBoolean();
			state.events = random.nextLong(0, 1L << 40);
			state.duplicates = random.nextInt(3);
			state.invalidValues = random.nextInt(3);
			if (random.nextBoolean()) {
				state.emitted = new SessionEmission(random.nextLong(), random.nextLong(), random.nextInt(9));
			}
			if (random.nextInt(3) == 0) {
				state.toRetract = new ArrayList<>();
				for (int i = random.nextInt(3); i > 0; i--) {
					state.toRetract.add(new SessionEmission(random.nextLong(), random.nextLong(), random.nextInt(9)));
				}
			}
			Map<String, @Nullable Object> accumulators = new LinkedHashMap<>();
			for (int i = random.nextInt(5); i > 0; i--) {
				accumulators.put(text(), serialForm(0));
			}
			String pipeline = text();

			String written = StateCodec.encodeWindow(pipeline, state, accumulators);

			assertThat(written).isEqualTo(WireFormat.writeString(record(pipeline, state, accumulators)));
		}
	}

	@Test
	void aDedupEntryIsStoredAsThePreviousEncoderWroteIt() {
		StateCodec.DedupValues values = new StateCodec.DedupValues();
		List<TimeWindow> shared = List.of(new TimeWindow(0, 10_000));
		long expiry = 11_000;
		// a mutable list changed after it was written must not be remembered as it was
		List<TimeWindow> mutable = new ArrayList<>(shared);
		for (int round = 0; round < 5_000; round++) {
			switch (random.nextInt(6)) {
				case 0 -> expiry += random.nextInt(3);
				case 1 -> shared = windows();
				case 2 -> {
					mutable.clear();
					mutable.addAll(windows());
				}
				default -> {
				}
			}
			List<TimeWindow> windows = (random.nextInt(4) == 0) ? mutable : shared;
			List<String> duplicates = null;
			if (random.nextInt(4) == 0) {
				// a list only with an id in it: the form reads no ids as no list
				duplicates = new ArrayList<>();
				for (int i = random.nextInt(1, 4); i > 0; i--) {
					duplicates.add(text());
				}
			}
			DedupEntry entry = new DedupEntry(text(), text(), text(), windows, expiry, duplicates);

			String written = values.write(entry);

			assertThat(written).isEqualTo(previousEncoding(entry));
			assertThat(StateCodec.encodeDedup(entry)).isEqualTo(written);
			DedupEntry read = StateCodec.decodeDedup(entry.eventId, written);
			assertThat(read.ingestId).isEqualTo(entry.ingestId);
			assertThat(read.key).isEqualTo(entry.key);
			assertThat(read.windows).isEqualTo(entry.windows);
			assertThat(read.expiry).isEqualTo(entry.expiry);
			assertThat(read.duplicateIngestIds).isEqualTo(entry.duplicateIngestIds);
		}
	}

	@Test
	void anEntryIsCurrentExactlyWhileItIsTheOneKeptForItsId() {
		SeenIds seen = new SeenIds();
		CheckpointDelta delta = new CheckpointDelta();
		List<DedupEntry> all = new ArrayList<>();
		long now = 0;
		for (int round = 0; round < 3_000; round++) {
			String id = "e" + random.nextInt(50);
			switch (random.nextInt(5)) {
				case 0, 1 -> seen.remember(new KeyedEvent("p", "k", id, "i" + round, Instant.EPOCH, Map.of(), null, null),
						List.of(new TimeWindow(0, 10)), random.nextInt(20));
				case 2 -> seen.restore(id, "5|0:10|1,1|ik");
				case 3 -> {
					List<DedupEntry> expired = seen.pollExpired(random.nextInt(20));
					if (expired != null) {
						seen.retire(expired);
					}
				}
				default -> seen.checkpoint("p", now++, delta);
			}
			DedupEntry kept = seen.get(id);
			if (kept != null && !all.contains(kept)) {
				all.add(kept);
			}
			for (DedupEntry entry : all) {
				// the definition: the entry the ids map holds for its id
				assertThat(seen.isCurrent(entry)).isEqualTo(seen.get(entry.eventId) == entry);
			}
		}
	}

	private static StateCodec.WindowRecord record(String pipeline, WindowState state,
			Map<String, @Nullable Object> accumulators) {
		List<long[]> toRetract = null;
		if (state.toRetract != null) {
			toRetract = new ArrayList<>();
			for (SessionEmission emission : state.toRetract) {
				toRetract.add(new long[] { emission.start(), emission.end(), emission.revision() });
			}
		}
		long[] emitted = (state.emitted != null)
				? new long[] { state.emitted.start(), state.emitted.end(), state.emitted.revision() } : null;
		return new StateCodec.WindowRecord(pipeline, state.key, state.window.startMillis(), state.window.endMillis(),
				state.revision, state.fired, state.changed, state.events, state.duplicates, state.invalidValues,
				accumulators, emitted, toRetract);
	}

	/** The dedup value as the encoder before the shared-head cache wrote it. */
	private static String previousEncoding(DedupEntry entry) {
		List<String> strings = new ArrayList<>();
		strings.add(entry.ingestId);
		strings.add(entry.key);
		if (entry.duplicateIngestIds != null) {
			strings.addAll(entry.duplicateIngestIds);
		}
		StringBuilder text = new StringBuilder().append(entry.expiry).append('|');
		for (int i = 0; i < entry.windows.size(); i++) {
			text.append((i > 0) ? "," : "")
				.append(entry.windows.get(i).startMillis())
				.append(':')
				.append(entry.windows.get(i).endMillis());
		}
		text.append('|');
		for (int i = 0; i < strings.size(); i++) {
			text.append((i > 0) ? "," : "").append(strings.get(i).length());
		}
		text.append('|');
		strings.forEach(text::append);
		return text.toString();
	}

	private static List<TimeWindow> windows() {
		List<TimeWindow> windows = new ArrayList<>();
		for (int i = random.nextInt(1, 4); i > 0; i--) {
			long start = random.nextLong(-100_000, 1L << 42);
			windows.add(new TimeWindow(start, start + random.nextInt(1, 100_000)));
		}
		return windows;
	}

	/** Values of every kind an aggregation's serial form takes, nested. */
	private static @Nullable Object serialForm(int depth) {
		return switch (random.nextInt((depth < 2) ? 11 : 8)) {
			case 0 -> null;
			case 1 -> random.nextLong();
			case 2 -> random.nextInt();
			case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 12));
			case 4 -> new double[] { Double.NaN, Double.POSITIVE_INFINITY, -0.0, 0.1, 1e-7, 1e21 }[random.nextInt(6)];
			case 5 -> text();
			case 6 -> random.nextBoolean();
			case 7 -> (float) random.nextDouble();
			case 8 -> {
				List<@Nullable Object> list = new ArrayList<>();
				for (int i = random.nextInt(4); i > 0; i--) {
					list.add(serialForm(depth + 1));
				}
				yield list;
			}
			default -> {
				Map<String, @Nullable Object> map = new HashMap<>();
				for (int i = random.nextInt(4); i > 0; i--) {
					map.put(text(), serialForm(depth + 1));
				}
				yield map;
			}
		};
	}

	/** Text with what JSON must escape, non-ASCII and surrogate pairs among plain letters. */
	private static String text() {
		String[] parts = { "a", "views", "campaign-7", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "é",
				"\u2028", "\uD83D\uDE00", "|", ":", ",", "" };
		StringBuilder text = new StringBuilder();
		for (int i = random.nextInt(0, 6); i > 0; i--) {
			text.append(parts[random.nextInt(parts.length)]);
		}
		return text.toString();
	}

}
