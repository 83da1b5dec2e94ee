package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.Partitions;
import io.tributary.contract.Redrive;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.StreamTime;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.route.Router;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route stage forwards the ingestion instances' progress markers to every partition (any may hold
 * the stream's keys), in the same keyed message as and after that partition's events, keeping the
 * latest marker per stream and instance and only those of streams a pipeline reads.
 */
class RouteStageProgressTests {

	private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

	private final List<ConfirmedPublisher.Outgoing> published = new ArrayList<>();

	private final ConfirmedPublisher publisher = new ConfirmedPublisher(null) {
		@Override
		public void publishAll(List<Outgoing> messages) {
			RouteStageProgressTests.this.published.addAll(messages);
		}
	};

	private final RouteStage stage = new RouteStage(new Router(PipelineFileLoader.load("p.yaml", """
			streams: { clicks: { time-field: ts }, other: {} }
			pipelines:
			  per-user:
			    source: clicks
			    key-by: event.user
			    window: { type: tumbling, size: 10s }
			    aggregate: { n: count }
			""", null), (table, key) -> null, 8, Clock.fixed(T, ZoneOffset.UTC)), this.publisher, new SimpleMeterRegistry());

	@Test
	void everyPartitionGetsTheLatestMarkerOfEachInstanceBehindItsEvents() {
		StreamProgress older = new StreamProgress("clicks", "ingestion-a", T.minusSeconds(2));
		StreamProgress latest = new StreamProgress("clicks", "ingestion-a", T.minusSeconds(1));
		StreamProgress otherInstance = new StreamProgress("clicks", "ingestion-b", T.minusSeconds(3));
		StreamProgress unread = new StreamProgress("other", "ingestion-a", T);
		Event e1 = new Event("e1", "i1", "clicks", T.minusSeconds(5), T, Map.of("user", "u1", "ts", T.minusSeconds(5).toString()));

		this.stage.handle(List.of(WireFormat.write(EventBatch.progress(older)), WireFormat.write(new EventBatch(List.of(e1))),
				WireFormat.write(EventBatch.progress(latest)), WireFormat.write(EventBatch.progress(otherInstance)),
				WireFormat.write(EventBatch.progress(unread))));

		assertThat(this.published).hasSize(8);
		int u1 = Partitions.of("per-user", "u1", 8);
		for (int p = 0; p < 8; p++) {
			ConfirmedPublisher.Outgoing out = this.published.get(p);
			assertThat(out.partition()).isEqualTo(p);
			KeyedBatch batch = WireFormat.read(WireFormat.write(out.payload()), KeyedBatch.class);
			assertThat(batch.partition()).isEqualTo(p);
			assertThat(batch.progress()).containsExactly(latest, otherInstance);
			assertThat(batch.events()).extracting(KeyedEvent::eventId).isEqualTo((p == u1) ? List.of("e1") : List.of());
			assertThat(batch.streamTimes()).containsExactly(new StreamTime("clicks", T.minusSeconds(5)));
		}
	}

	@Test
	void everyPartitionLearnsTheLargestEventTimeOfTheStreamsRoutedExceptRedrivesAndTimesTooFarAhead() {
		Instant latest = T.minusMillis(300);
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			// event times around the latest, in no order; one user each, so most partitions get some
			Instant time = latest.minusMillis((i * 7919L) % 1000);
			events.add(new Event("e" + i, "i" + i, "clicks", time, T, Map.of("user", "u" + i, "ts", time.toString())));
		}
		// a redriven dead letter's time is not the stream's, however late it is in the batch; neither
		// is one too far ahead (it goes to no pipeline), nor a stream no pipeline reads
		events.add(new Event("old", "i-old", "clicks", T.plusMillis(200), T, Map.of("user", "u1"),
				new Redrive("per-user", T)));
		events.add(new Event("ahead", "i-ahead", "clicks", T.plusSeconds(3600), T, Map.of("user", "u2")));
		events.add(new Event("elsewhere", "i-e", "other", T.plusSeconds(1), T, Map.of("user", "u3")));

		this.stage.handle(List.of(WireFormat.write(new EventBatch(events.subList(0, 20))),
				WireFormat.write(new EventBatch(events.subList(20, events.size())))));

		List<KeyedBatch> batches = this.published.stream()
			.filter((out) -> out.binding().equals(RouteStage.KEYED_BINDING))
			.map((out) -> WireFormat.read(WireFormat.write(out.payload()), KeyedBatch.class))
			.toList();
		assertThat(batches).extracting(KeyedBatch::partition).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
		assertThat(batches).allSatisfy((batch) -> assertThat(batch.streamTimes())
			.containsExactly(new StreamTime("clicks", latest)));
	}

	@Test
	void aBatchWithNeitherEventsMarkersNorStreamTimesPublishesNoKeyedMessage() {
		this.stage.handle(List.of(WireFormat.write(EventBatch.progress(new StreamProgress("other", "ingestion-a", T)))));

		assertThat(this.published).isEmpty();
	}

}
