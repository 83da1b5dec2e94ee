package io.tributary.ingestion.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WireFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the dead-letter API shows of a message: text as it is, an internal hop's Smile or binary as JSON. */
class BrokerDeadLetterTests {

	private static final ResultBatch BATCH = new ResultBatch(List.of(), List.of(), List.of(new DeadLetterRecord("s",
			"p", "e-1", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), "bad", Map.of("a", 1L))));

	@Test
	void showsATextBodyAsItIs() {
		byte[] json = WireFormat.write(BATCH);

		BrokerDeadLetter shown = BrokerDeadLetter.of("m-1", "reason", "x", "rk", "application/json", json, false);

		assertThat(shown.body()).isEqualTo(WireFormat.writeString(BATCH));
		assertThat(shown.size()).isEqualTo(json.length);
		assertThat(shown.truncated()).isFalse();
	}

	@Test
	void showsASmileBodyAsTheJsonItEncodesWithItsOwnSizeAndId() {
		byte[] smile = WireFormat.write(BATCH, WireFormat.Encoding.SMILE);

		BrokerDeadLetter shown = BrokerDeadLetter.of(null, "reason", "x", "rk", WireFormat.SMILE_CONTENT_TYPE, smile, false);

		assertThat(shown.body()).isEqualTo(WireFormat.writeString(BATCH));
		assertThat(shown.contentType()).isEqualTo(WireFormat.SMILE_CONTENT_TYPE);
		assertThat(shown.size()).isEqualTo(smile.length);
		assertThat(shown.id()).isEqualTo(BrokerDeadLetter.idOf(null, "rk", smile));
		assertThat(shown.truncated()).isFalse();
	}

	@Test
	void showsBinaryBatchesAsTheJsonOfTheSameBatch() {
		Instant t = Instant.parse("2026-01-01T00:00:00.25Z");
		EventBatch events = new EventBatch(List.of(new Event("e-1", "g-1", "orders", t, t, Map.of("amount", 10L))));
		KeyedBatch keyed = new KeyedBatch(3, List.of(new KeyedEvent("p", "k", "e-1", "g-1", t, Map.of("n", 2.5))));
		for (Object batch : List.of(events, keyed)) {
			byte[] binary = WireFormat.write(batch, WireFormat.Encoding.BINARY);

			BrokerDeadLetter shown = BrokerDeadLetter.of(null, "reason", "x", "rk", WireFormat.BINARY_CONTENT_TYPE, binary,
					false);

			assertThat(shown.body()).isEqualTo(WireFormat.writeString(batch));
			assertThat(shown.size()).isEqualTo(binary.length);
		}
		byte[] broken = Arrays.copyOf(WireFormat.write(events, WireFormat.Encoding.BINARY), 12);
		assertThat(BrokerDeadLetter.of("m", null, null, null, null, broken, false).body()).isNull();
	}

	@Test
	void cutsALongSmileBodyAsJsonTextAndShowsBrokenSmileAsNoText() {
		String reason = "r".repeat(BrokerDeadLetter.MAX_BODY);
		ResultBatch big = new ResultBatch(List.of(), List.of(), List.of(new DeadLetterRecord("s", "p", "e-1",
				Instant.EPOCH, Instant.EPOCH, reason, Map.of())));

		BrokerDeadLetter cut = BrokerDeadLetter.of("m", null, null, null, null, WireFormat.write(big, WireFormat.Encoding.SMILE),
				false);
		BrokerDeadLetter broken = BrokerDeadLetter.of("m", null, null, null, null,
				new byte[] { ':', ')', '\n', 0, (byte) 0xfe, (byte) 0x80, 0 }, false);

		assertThat(cut.truncated()).isTrue();
		assertThat(cut.body()).startsWith("{\"results\":[],").hasSize(BrokerDeadLetter.MAX_BODY);
		assertThat(broken.body()).isNull();
		assertThat(new String(WireFormat.write(big), StandardCharsets.UTF_8)).startsWith(cut.body().substring(0, 100));
	}

}
