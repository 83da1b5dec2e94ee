package io.tributary.processing.window;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.StreamTime;
import io.tributary.contract.WindowResult;
import org.junit.jupiter.api.Test;

import static io.tributary.processing.window.Fixtures.event;
import static io.tributary.processing.window.Fixtures.t;
import static io.tributary.processing.window.Fixtures.views;
import static io.tributary.processing.window.Fixtures.w;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partition's watermark trails the largest event time of its pipeline's stream, which the route
 * stage tells every partition ({@link StreamTime}), not only of the events the partition holds.
 * Expectations are hand computed: 10s windows, 5s allowed lateness, 2s max out-of-orderness, 10s idle
 * timeout; event times {@code t(s)} and the wall clock {@code w(s)} in seconds from their origins.
 */
class StreamTimeWatermarkTests {

	private final PartitionProcessor processor = new PartitionProcessor(3, List.of(views()));

	private ResultBatch outbox;

	private void streamTime(String stream, double latest, double at) {
		this.processor.streamTime(new StreamTime(stream, t(latest)), w(at));
	}

	private Map<String, Instant> watermarks() {
		return this.processor.watermarks();
	}

	private List<WindowResult> finals() {
		this.outbox = this.processor.checkpoint().outbox();
		return this.outbox.results().stream().filter(WindowResult::isFinal).toList();
	}

	@Test
	void aWindowClosesWhenTheStreamsTimePassesItThoughThePartitionSawNoLaterEvent() {
		this.processor.process(event("k", "e1", t(5), 1), w(0));

		streamTime("s", 11.9, 0.1);
		assertThat(watermarks()).containsExactly(Map.entry("views", t(9.9)));
		assertThat(finals()).isEmpty();

		streamTime("s", 12.5, 0.2);
		assertThat(watermarks()).containsExactly(Map.entry("views", t(10.5)));
		List<WindowResult> finals = finals();
		assertThat(finals).extracting(WindowResult::key, WindowResult::windowStart).containsExactly(
				org.assertj.core.groups.Tuple.tuple("k", t(0)));
		assertThat(finals.get(0).metrics()).containsEntry("n", 1L);
	}

	@Test
	void anOlderStreamTimeOrAnotherStreamsMovesNothing() {
		this.processor.process(event("k", "e1", t(15), 1), w(0));

		streamTime("s", 14, 0.1);
		streamTime("other", 100, 0.2);

		assertThat(watermarks()).containsExactly(Map.entry("views", t(13)));
	}

	@Test
	void eventsWithinTheOutOfOrdernessOfTheStreamsTimeCountAndOlderOnesPastTheLatenessAreLate() {
		streamTime("s", 30, 0);
		// watermark 28: [10, 20) is past its end plus the 5s allowed lateness (purged at 25)
		this.processor.process(event("k", "on-time", t(28.5), 1), w(0.1));
		this.processor.process(event("k", "revision", t(24), 1), w(0.2));
		this.processor.process(event("k", "late", t(19), 1), w(0.3));

		finals();
		assertThat(this.outbox.late()).extracting(LateEventRecord::eventId).containsExactly("late");
		this.processor.advance(w(0.4));
		streamTime("s", 42.5, 0.5);
		assertThat(finals()).filteredOn((r) -> r.windowStart().equals(t(20)))
			.singleElement()
			.satisfies((r) -> assertThat(r.metrics()).containsEntry("n", 2L));
	}

	@Test
	void theStreamsTimeIsAnArrivalSoTheIdleClockDoesNotAddTheTimeThePartitionHadNoEventsOfItsOwn() {
		// the partition's own event is long past; the stream went on with other keys
		this.processor.process(event("k", "e1", t(5), 1), w(0));
		for (int at = 0; at <= 60; at += 5) {
			// the source vouches all along
			this.processor.progress(new StreamProgress("s", "a", w(at)), w(at));
		}
		streamTime("s", 65, 60);

		this.processor.advance(w(60.5));
		// 65 - 2, not 65 - 2 + 60 s of the partition's own silence
		assertThat(watermarks()).containsExactly(Map.entry("views", t(63)));

		// quiet stream: the idle time counts from the stream's last time, as far as the source vouches
		this.processor.progress(new StreamProgress("s", "a", w(75)), w(75));
		this.processor.advance(w(75));
		// 65 - 2 + (75 - 60)
		assertThat(watermarks()).containsExactly(Map.entry("views", t(78)));
	}

}
