package io.tributary.processing.window;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.contract.StreamProgress;
import io.tributary.contract.WindowResult;
import org.junit.jupiter.api.Test;

import static io.tributary.processing.window.Fixtures.event;
import static io.tributary.processing.window.Fixtures.t;
import static io.tributary.processing.window.Fixtures.views;
import static io.tributary.processing.window.Fixtures.w;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idle watermark moves by the clock only as far as the stream's sources vouch (progress markers),
 * taking the earliest among the instances heard from within the expiry (10 s). Expectations are hand
 * computed: 10s windows, 5s allowed lateness, 2s max out-of-orderness, 10s idle timeout; the event
 * times {@code t(s)} and the wall clock {@code w(s)} are both counted in seconds from their origins,
 * and the idle watermark is {@code maxEventTime - 2 + (min(now, quietUntil) - max(lastArrival,
 * vouchedSince))}, where {@code vouchedSince} is the last time the evidence had a gap or lost a source.
 */
class IdleWatermarkEvidenceTests {

	private final PartitionProcessor processor = new PartitionProcessor(3, List.of(views()));

	private void marker(String source, double until, double heardAt) {
		this.processor.progress(new StreamProgress("s", source, w(until)), w(heardAt));
	}

	private Map<String, Instant> watermarks() {
		return this.processor.watermarks();
	}

	private List<WindowResult> finals() {
		return this.processor.checkpoint().outbox().results().stream().filter(WindowResult::isFinal).toList();
	}

	@Test
	void withoutAnyMarkerSilenceMovesNothing() {
		this.processor.process(event("k", "e1", t(5), 1), w(0));

		this.processor.advance(w(100));
		this.processor.advance(w(10_000));

		assertThat(watermarks()).containsExactly(Map.entry("views", t(3)));
		assertThat(finals()).isEmpty();
	}

	@Test
	void theIdleTimeIsCountedUpToWhatTheSourceVouchesFor() {
		this.processor.process(event("k", "e1", t(5), 1), w(0));
		marker("a", 8, 8.5);

		this.processor.advance(w(12));
		assertThat(watermarks()).as("idle 8s by the evidence, though 12s by the clock").containsExactly(Map.entry("views", t(3)));

		marker("a", 11, 11.2);
		this.processor.advance(w(11.5));
		// 5 - 2 + (11 - 0)
		assertThat(watermarks()).containsExactly(Map.entry("views", t(14)));
		assertThat(finals()).extracting(WindowResult::windowStart).containsExactly(t(0));

		this.processor.advance(w(12.5));
		assertThat(watermarks()).as("the clock never outruns the evidence").containsExactly(Map.entry("views", t(14)));
	}

	@Test
	void theEarliestOfTheLiveSourcesCountsAndALostSourceRestartsTheIdleClock() {
		this.processor.process(event("k", "e1", t(5), 1), w(0));
		marker("a", 20, 20);
		marker("b", 12, 12.5);

		this.processor.advance(w(20));
		// b may still publish what it accepted from 12 on: 5 - 2 + (12 - 0)
		assertThat(watermarks()).containsExactly(Map.entry("views", t(15)));

		this.processor.advance(w(22.5));
		assertThat(watermarks()).as("b heard 10s ago: still counts").containsExactly(Map.entry("views", t(15)));
		this.processor.advance(w(22.501));
		assertThat(watermarks()).as("b lost at 22.5: idle time counts from then, a's 20 is before it")
			.containsExactly(Map.entry("views", t(15)));

		marker("a", 40, 40);
		this.processor.advance(w(40));
		// 5 - 2 + (40 - 22.5)
		assertThat(watermarks()).containsExactly(Map.entry("views", t(20.5)));
	}

	@Test
	void anOlderMarkerOfTheSameSourceNeverLowersItsEvidence() {
		this.processor.process(event("k", "e1", t(5), 1), w(0));
		marker("a", 15, 15);
		marker("a", 11, 15.5);

		this.processor.advance(w(16));

		// 5 - 2 + 15
		assertThat(watermarks()).containsExactly(Map.entry("views", t(18)));
	}

	@Test
	void markersOfAnotherStreamAreNoEvidenceForThisOne() {
		this.processor.process(event("k", "e1", t(5), 1), w(0));
		this.processor.progress(new StreamProgress("other", "a", w(30)), w(30));

		this.processor.advance(w(30));

		assertThat(watermarks()).containsExactly(Map.entry("views", t(3)));
	}

	@Test
	void anIngestionOutageDelaysTheWindowAndTheRetriesAfterItAreOnTimeEvenBehindTheFirstMarker() {
		this.processor.process(event("k", "e1", t(5), 1), w(0));
		marker("a", 1, 1);
		marker("a", 9, 9);
		// the only ingestion instance is down from 9.5 to 40: no markers, no events; ticks go on
		for (double now = 9.5; now <= 40; now += 0.5) {
			this.processor.advance(w(now));
		}
		assertThat(watermarks()).as("idle 9s by the last evidence, then none: it stays").containsExactly(Map.entry("views", t(3)));

		// it is back and vouches for 40.2 before the client's retry of an event accepted before the outage got in
		marker("a", 40.2, 40.3);
		this.processor.advance(w(40.5));
		assertThat(watermarks()).as("no evidence until 40: idle 0.2s").containsExactly(Map.entry("views", t(3)));
		this.processor.process(event("k", "e2", t(4), 2), w(42));
		assertThat(finals()).isEmpty();

		marker("a", 50, 50.1);
		this.processor.advance(w(50.1));
		assertThat(finals()).as("idle 50 - 42 = 8s").isEmpty();
		marker("a", 52.5, 52.6);
		this.processor.advance(w(52.6));
		// 5 - 2 + (52.5 - 42)
		assertThat(watermarks()).containsExactly(Map.entry("views", t(13.5)));
		List<WindowResult> finals = finals();
		assertThat(finals).hasSize(1);
		assertThat(finals.get(0).windowStart()).isEqualTo(t(0));
		assertThat(finals.get(0).metrics()).containsEntry("n", 2L).containsEntry("total", 3L);
		assertThat(finals.get(0).counts().late()).isZero();
	}

	@Test
	void anEventAfterAQuietSpellIsJudgedAgainstTheVouchedIdleWatermark() {
		this.processor.process(event("k", "e1", t(5), 1), w(0));
		marker("a", 10.2, 10.4);

		this.processor.process(event("k", "e2", t(6), 2), w(10.5));

		// before e2 counts: 5 - 2 + (10.2 - 0) = 13.2, so window [0, 10) fired, and e2 is its next revision
		assertThat(watermarks()).containsExactly(Map.entry("views", t(13.2)));
		List<WindowResult> results = this.processor.checkpoint().outbox().results();
		assertThat(results).extracting(WindowResult::revision).containsExactly(1L, 2L);
		assertThat(results).extracting((r) -> r.metrics().get("n")).containsExactly(1L, 2L);
	}

}
