package io.tributary.ingestion.broker;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import io.tributary.contract.Event;
import io.tributary.ingestion.TestPipelines;
import io.tributary.ingestion.intake.EventIntake;
import io.tributary.ingestion.intake.ReadLimits;
import io.tributary.ingestion.intake.StreamCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerIntakeTests {

	private final BrokerIntake intake = new BrokerIntake(
			new EventIntake(StreamCatalog.of(TestPipelines.load()),
					new ReadLimits(100, 1024, 1024, 64, 1000, 100, 100), 10, Clock.systemUTC()), 1024);

	private static BrokerMessage message(String stream, String messageId, String body) {
		return new BrokerMessage(stream, messageId, "application/json", body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void forwardsAValidMessageAsOneBatch() {
		Disposition d = this.intake.decide(message("orders", "m-1",
				"[{\"order_id\": \"a\", \"amount\": 1}, {\"order_id\": \"b\", \"amount\": 2}]"));

		assertThat(d).isInstanceOfSatisfying(Disposition.Forward.class, (f) -> {
			assertThat(f.stream()).isEqualTo("orders");
			assertThat(f.batch().events()).extracting(Event::id).containsExactly("a", "b");
		});
	}

	@Test
	void givesARedeliveredMessageTheSameIngestIds() {
		String body = "[{\"x\": 1}, {\"x\": 2}]";
		Disposition.Forward first = (Disposition.Forward) this.intake.decide(message("clicks", "m-7", body));
		Disposition.Forward redelivery = (Disposition.Forward) this.intake.decide(message("clicks", "m-7", body));

		assertThat(redelivery.batch().events()).extracting(Event::ingestId)
			.isEqualTo(first.batch().events().stream().map(Event::ingestId).toList());
		assertThat(redelivery.batch().events()).extracting(Event::id)
			.isEqualTo(first.batch().events().stream().map(Event::id).toList());
	}

	@Test
	void givesMessagesWithoutAMessageIdFreshIngestIds() {
		String body = "{\"order_id\": \"a\", \"amount\": 1}";
		Disposition.Forward first = (Disposition.Forward) this.intake.decide(message("orders", null, body));
		Disposition.Forward second = (Disposition.Forward) this.intake.decide(message("orders", "", body));

		assertThat(second.batch().events().get(0).ingestId()).isNotEqualTo(first.batch().events().get(0).ingestId());
	}

	@Test
	void rejectsAMessageForAnUnknownStream() {
		assertThat(this.intake.decide(message("nope", "m-1", "{}"))).isInstanceOfSatisfying(Disposition.Reject.class,
				(r) -> assertThat(r.reason()).startsWith("stream 'nope' is not declared"));
	}

	@Test
	void rejectsAMessageThatBreaksAReadLimitNamingTheSetting() {
		// limits of this intake: nesting depth 64, strings of 1000 characters, names of 100
		assertThat(this.intake.decide(message("clicks", "m-1", "{\"a\": " + "[".repeat(65) + "]".repeat(65) + "}")))
			.isInstanceOfSatisfying(Disposition.Reject.class,
					(r) -> assertThat(r.reason()).contains("exceeds the maximum allowed (64, set by max-nesting-depth)"));
		assertThat(this.intake.decide(message("clicks", "m-2", "{\"" + "n".repeat(101) + "\": 1}")))
			.isInstanceOfSatisfying(Disposition.Reject.class,
					(r) -> assertThat(r.reason()).contains("set by max-name-length"));
	}

	@Test
	void rejectsTheWholeMessageWhenOneEventIsInvalid() {
		Disposition d = this.intake.decide(message("orders", "m-1",
				"[{\"order_id\": \"a\", \"amount\": 1}, {\"order_id\": \"b\", \"amount\": \"lots\"}]"));

		assertThat(d).isInstanceOfSatisfying(Disposition.Reject.class, (r) -> assertThat(r.reason())
			.isEqualTo("1 of 2 event(s) are invalid; nothing was accepted; [1] schema: /amount: string found, "
					+ "number expected"));
	}

	@Test
	void rejectsTheWholeMessageWhenOneEventTimeIsTooFarAhead() {
		Disposition d = this.intake.decide(message("orders", "m-1", """
				[{"order_id": "a", "amount": 1}, {"order_id": "far", "amount": 2, "occurred_at": "9999-01-01T00:00:00Z"}]"""));

		assertThat(d).isInstanceOfSatisfying(Disposition.Reject.class, (r) -> assertThat(r.reason())
			.startsWith("1 of 2 event(s) are invalid; nothing was accepted; [1] event 'far': event time "
					+ "9999-01-01T00:00:00Z is after ")
			.contains("ingestion's clock plus the stream's max-future of 5m (streams.orders.max-future)"));
	}

	@Test
	void rejectsMalformedJson() {
		assertThat(this.intake.decide(message("orders", "m-1", "{\"order_id\": ")))
			.isInstanceOfSatisfying(Disposition.Reject.class,
					(r) -> assertThat(r.reason()).startsWith("malformed JSON at line 1"));
	}

	@Test
	void rejectsAnOversizedMessage() {
		assertThat(this.intake.decide(message("clicks", "m-1", "{\"x\": \"" + "y".repeat(1100) + "\"}")))
			.isInstanceOfSatisfying(Disposition.Reject.class,
					(r) -> assertThat(r.reason()).isEqualTo("the message body is larger than 1024 bytes"));
	}

	@Test
	void readsNdjsonWhenTheContentTypeSaysSo() {
		Disposition d = this.intake.decide(new BrokerMessage("clicks", "m-1", "application/x-ndjson",
				"{\"x\": 1}\n{\"x\": 2}\n".getBytes(StandardCharsets.UTF_8)));

		assertThat(d).isInstanceOfSatisfying(Disposition.Forward.class,
				(f) -> assertThat(f.batch().events()).hasSize(2));
	}

}
