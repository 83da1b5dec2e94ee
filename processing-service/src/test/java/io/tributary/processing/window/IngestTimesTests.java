package io.tributary.processing.window;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.IngestTimes;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.ResultBatch;
import org.junit.jupiter.api.Test;

import static io.tributary.processing.window.Fixtures.t;
import static io.tributary.processing.window.Fixtures.views;
import static io.tributary.processing.window.Fixtures.w;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance times a result batch carries for end-to-end latency, and the state sizes reported
 * as metrics, against hand-computed values. 10s windows, 2s max out-of-orderness (see
 * {@link Fixtures#views()}).
 */
class IngestTimesTests {

	private final PartitionProcessor processor = new PartitionProcessor(3, List.of(views()));

	private static KeyedEvent accepted(String key, String id, Instant eventTime, Instant ingestTime) {
		Map<String, Object> values = new HashMap<>();
		values.put("v", 1L);
		return new KeyedEvent("views", key, id, "ing-" + id, eventTime, values, ingestTime);
	}

	@Test
	void aResultBatchSpansTheAcceptanceTimesOfTheEventsItsResultsNewlyInclude() {
		this.processor.process(accepted("a", "e1", t(1), w(3)), w(3));
		this.processor.process(accepted("a", "e2", t(4), w(1)), w(3));
		this.processor.process(accepted("b", "e3", t(12), w(2)), w(3));
		// watermark 13 - 2 = 11: fires [0, 10) of "a" only; [10, 20) of "b" and "a" stay open
		this.processor.process(accepted("a", "e4", t(13), w(5)), w(5));
		this.processor.advance(w(5));

		ResultBatch first = this.processor.checkpoint().outbox();
		assertThat(first.results()).hasSize(1);
		assertThat(first.ingestTimes()).containsExactly(Map.entry("views", new IngestTimes(w(1), w(3))));

		// watermark 23 - 2 = 21 fires [10, 20) of "a" (e4) and "b" (e3)
		this.processor.process(accepted("c", "e5", t(23), w(9)), w(9));
		this.processor.advance(w(9));

		ResultBatch second = this.processor.checkpoint().outbox();
		assertThat(second.results()).hasSize(2);
		assertThat(second.ingestTimes()).containsExactly(Map.entry("views", new IngestTimes(w(2), w(5))));
	}

	@Test
	void eventsWithoutAnAcceptanceTimeLeaveTheBatchWithoutOne() {
		Map<String, Object> values = Map.of("v", 1L);
		this.processor.process(new KeyedEvent("views", "a", "e1", "i1", t(1), values), w(0));
		this.processor.process(new KeyedEvent("views", "a", "e2", "i2", t(13), values), w(0));
		this.processor.advance(w(0));

		ResultBatch batch = this.processor.checkpoint().outbox();
		assertThat(batch.results()).hasSize(1);
		assertThat(batch.ingestTimes()).isEmpty();
	}

	@Test
	void stateSizesCountWindowsKeysAndHeldIdsPerPipeline() {
		this.processor.process(accepted("a", "e1", t(1), w(0)), w(0));
		this.processor.process(accepted("a", "e2", t(2), w(0)), w(0));
		this.processor.process(accepted("b", "e3", t(3), w(0)), w(0));
		this.processor.process(accepted("a", "e4", t(11), w(0)), w(0));

		// windows: a[0,10), b[0,10), a[10,20); keys a, b; ids e1..e4
		assertThat(this.processor.stateSizes()).containsExactly(Map.entry("views", new StateSize(3, 2, 4)));
	}

}
