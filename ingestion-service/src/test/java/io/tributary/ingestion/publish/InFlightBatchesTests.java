package io.tributary.ingestion.publish;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightBatchesTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:10Z");

	private final InFlightBatches inFlight = new InFlightBatches();

	@Test
	void withNothingInFlightAnInstanceVouchesForNow() {
		assertThat(this.inFlight.quietUntil("clicks", NOW)).isEqualTo(NOW);
	}

	@Test
	void itVouchesNoFurtherThanItsOldestUnconfirmedBatchOfThatStream() {
		InFlightBatches.Ticket older = this.inFlight.begin("clicks", NOW.minusSeconds(4));
		InFlightBatches.Ticket newer = this.inFlight.begin("clicks", NOW.minusSeconds(1));
		this.inFlight.begin("orders", NOW.minusSeconds(9));

		assertThat(this.inFlight.quietUntil("clicks", NOW)).isEqualTo(NOW.minusSeconds(4));

		this.inFlight.end(older);
		assertThat(this.inFlight.quietUntil("clicks", NOW)).isEqualTo(NOW.minusSeconds(1));
		this.inFlight.end(newer);
		assertThat(this.inFlight.quietUntil("clicks", NOW)).isEqualTo(NOW);
		assertThat(this.inFlight.quietUntil("orders", NOW)).isEqualTo(NOW.minusSeconds(9));
	}

}
