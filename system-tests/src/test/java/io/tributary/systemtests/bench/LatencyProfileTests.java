package io.tributary.systemtests.bench;

import java.util.List;
import java.util.Map;

import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The latency profile of an interval, from two hand-written expositions with known buckets. */
class LatencyProfileTests {

	private static final String INGESTION_BEFORE = """
			# HELP http_server_requests_seconds
			# TYPE http_server_requests_seconds histogram
			http_server_requests_seconds_bucket{api_key="bench",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/api/v1/streams/{stream}/events",le="0.001"} 0
			http_server_requests_seconds_bucket{api_key="bench",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/api/v1/streams/{stream}/events",le="0.002"} 2
			http_server_requests_seconds_bucket{api_key="bench",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/api/v1/streams/{stream}/events",le="0.004"} 4
			http_server_requests_seconds_bucket{api_key="bench",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/api/v1/streams/{stream}/events",le="+Inf"} 4
			http_server_requests_seconds_count{api_key="bench",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/api/v1/streams/{stream}/events"} 4
			http_server_requests_seconds_sum{api_key="bench",error="none",exception="none",method="POST",outcome="SUCCESS",status="202",uri="/api/v1/streams/{stream}/events"} 0.01
			http_server_requests_seconds_bucket{api_key="bench",error="none",exception="say \\"no\\", {please}",method="POST",outcome="CLIENT_ERROR",status="429",uri="/api/v1/streams/{stream}/events",le="+Inf"} 7
			http_server_requests_seconds_count{api_key="bench",error="none",exception="say \\"no\\", {please}",method="POST",outcome="CLIENT_ERROR",status="429",uri="/api/v1/streams/{stream}/events"} 7
			http_server_requests_seconds_sum{api_key="bench",error="none",exception="say \\"no\\", {please}",method="POST",outcome="CLIENT_ERROR",status="429",uri="/api/v1/streams/{stream}/events"} 7.0
			""";

	/** 100 more accepted requests: 40 in (1, 2] ms, 56 in (2, 4] ms, 4 above 4 ms; 0.3 s in all; more refused. */
	private static final String INGESTION_AFTER = INGESTION_BEFORE.replace("le=\"0.002\"} 2", "le=\"0.002\"} 42")
		.replace("le=\"0.004\"} 4", "le=\"0.004\"} 100")
		.replace("le=\"+Inf\"} 4", "le=\"+Inf\"} 104")
		.replace("events\"} 4\n", "events\"} 104\n")
		.replace("events\"} 0.01\n", "events\"} 0.31\n")
		.replace("} 7\n", "} 900\n");

	private static final String PROCESSING_BEFORE = """
			tributary_hop_latency_seconds_bucket{hop="keyed",le="0.001"} 0
			tributary_hop_latency_seconds_bucket{hop="keyed",le="0.01"} 5
			tributary_hop_latency_seconds_bucket{hop="keyed",le="0.1"} 10
			tributary_hop_latency_seconds_bucket{hop="keyed",le="+Inf"} 10
			tributary_hop_latency_seconds_count{hop="keyed"} 10
			tributary_hop_latency_seconds_sum{hop="keyed"} 0.3
			tributary_hop_latency_seconds_max{hop="keyed"} 0.05
			tributary_checkpoint_duration_seconds_bucket{partition="0",le="0.005"} 1
			tributary_checkpoint_duration_seconds_bucket{partition="0",le="0.05"} 1
			tributary_checkpoint_duration_seconds_bucket{partition="0",le="+Inf"} 1
			tributary_checkpoint_duration_seconds_count{partition="0"} 1
			tributary_checkpoint_duration_seconds_sum{partition="0"} 0.004
			tributary_checkpoint_duration_seconds_bucket{partition="1",le="0.005"} 0
			tributary_checkpoint_duration_seconds_bucket{partition="1",le="0.05"} 0
			tributary_checkpoint_duration_seconds_bucket{partition="1",le="+Inf"} 0
			tributary_checkpoint_duration_seconds_count{partition="1"} 0
			tributary_checkpoint_duration_seconds_sum{partition="1"} 0
			tributary_watermark_lag_seconds{partition="0",pipeline="views"} 1.5
			""";

	/**
	 * Keyed hop: 100 more, 50 in (1, 10] ms, 48 in (10, 100] ms, 2 above, 2.0 s in all. Checkpoints:
	 * partition 0 one more in (5, 50] ms, partition 1 three in (0, 5] ms; 0.04 s in all.
	 */
	private static final String PROCESSING_AFTER = """
			tributary_hop_latency_seconds_bucket{hop="keyed",le="0.001"} 0
			tributary_hop_latency_seconds_bucket{hop="keyed",le="0.01"} 55
			tributary_hop_latency_seconds_bucket{hop="keyed",le="0.1"} 108
			tributary_hop_latency_seconds_bucket{hop="keyed",le="+Inf"} 110
			tributary_hop_latency_seconds_count{hop="keyed"} 110
			tributary_hop_latency_seconds_sum{hop="keyed"} 2.3
			tributary_checkpoint_duration_seconds_bucket{partition="0",le="0.005"} 1
			tributary_checkpoint_duration_seconds_bucket{partition="0",le="0.05"} 2
			tributary_checkpoint_duration_seconds_bucket{partition="0",le="+Inf"} 2
			tributary_checkpoint_duration_seconds_count{partition="0"} 2
			tributary_checkpoint_duration_seconds_sum{partition="0"} 0.034
			tributary_checkpoint_duration_seconds_bucket{partition="1",le="0.005"} 3
			tributary_checkpoint_duration_seconds_bucket{partition="1",le="0.05"} 3
			tributary_checkpoint_duration_seconds_bucket{partition="1",le="+Inf"} 3
			tributary_checkpoint_duration_seconds_count{partition="1"} 3
			tributary_checkpoint_duration_seconds_sum{partition="1"} 0.01
			""";

	/** Storage restarted in between for the results hop (its counters began again). */
	private static final String STORAGE_BEFORE = """
			tributary_hop_latency_seconds_bucket{hop="results",le="0.01"} 500
			tributary_hop_latency_seconds_bucket{hop="results",le="+Inf"} 500
			tributary_hop_latency_seconds_count{hop="results"} 500
			tributary_hop_latency_seconds_sum{hop="results"} 2.5
			tributary_e2e_latency_seconds_bucket{pipeline="views",le="1.0"} 0
			tributary_e2e_latency_seconds_bucket{pipeline="views",le="+Inf"} 0
			tributary_e2e_latency_seconds_count{pipeline="views"} 0
			tributary_e2e_latency_seconds_sum{pipeline="views"} 0
			""";

	private static final String STORAGE_AFTER = """
			tributary_hop_latency_seconds_bucket{hop="results",le="0.01"} 4
			tributary_hop_latency_seconds_bucket{hop="results",le="+Inf"} 4
			tributary_hop_latency_seconds_count{hop="results"} 4
			tributary_hop_latency_seconds_sum{hop="results"} 0.02
			tributary_e2e_latency_seconds_bucket{pipeline="views",le="1.0"} 1
			tributary_e2e_latency_seconds_bucket{pipeline="views",le="+Inf"} 2
			tributary_e2e_latency_seconds_count{pipeline="views"} 2
			tributary_e2e_latency_seconds_sum{pipeline="views"} 5.5
			""";

	private static LatencyProfile.Snapshot snapshot(String ingestion, String processing, String storage) {
		return LatencyProfile.Snapshot.parse(
				Map.of(Service.INGESTION, ingestion, Service.PROCESSING, processing, Service.STORAGE, storage));
	}

	private static List<LatencyProfile.Row> rows() {
		return LatencyProfile.between(snapshot(INGESTION_BEFORE, PROCESSING_BEFORE, STORAGE_BEFORE),
				snapshot(INGESTION_AFTER, PROCESSING_AFTER, STORAGE_AFTER));
	}

	private static LatencyProfile.Row row(String component) {
		return rows().stream().filter((r) -> r.component().startsWith(component)).findFirst().orElseThrow();
	}

	@Test
	void everyProcessingInstanceCountsAndARestartedOneFromItsStart() {
		// instance 0: PROCESSING_BEFORE -> PROCESSING_AFTER (100 keyed: 50 in (1, 10] ms, 48 in (10, 100], 2
		// above); instance 1 restarted in between: 10 before, 6 since its start, all in (0, 1] ms
		String restartedAfter = """
				tributary_hop_latency_seconds_bucket{hop="keyed",le="0.001"} 6
				tributary_hop_latency_seconds_bucket{hop="keyed",le="0.01"} 6
				tributary_hop_latency_seconds_bucket{hop="keyed",le="0.1"} 6
				tributary_hop_latency_seconds_bucket{hop="keyed",le="+Inf"} 6
				tributary_hop_latency_seconds_count{hop="keyed"} 6
				tributary_hop_latency_seconds_sum{hop="keyed"} 0.003
				""";
		LatencyProfile.Snapshot before = LatencyProfile.Snapshot.parseInstances(Map.of(Service.INGESTION,
				List.of(INGESTION_BEFORE), Service.PROCESSING, List.of(PROCESSING_BEFORE, PROCESSING_BEFORE),
				Service.STORAGE, List.of(STORAGE_BEFORE)));
		LatencyProfile.Snapshot after = LatencyProfile.Snapshot.parseInstances(Map.of(Service.INGESTION,
				List.of(INGESTION_AFTER), Service.PROCESSING, List.of(PROCESSING_AFTER, restartedAfter),
				Service.STORAGE, List.of(STORAGE_AFTER)));

		LatencyProfile.Row keyed = LatencyProfile.between(before, after).stream()
			.filter((r) -> r.component().startsWith("keyed hop")).findFirst().orElseThrow();

		assertThat(keyed.count()).isEqualTo(106);
		assertThat(keyed.meanMillis()).isCloseTo(2.003 / 106 * 1000, within(1e-9));
		// 6 at or under 1 ms and 50 more at or under 10 ms: the median (the 53rd) is in (1, 10] ms
		assertThat(keyed.p50Millis()).isCloseTo(10, within(1e-9));
		// 104 at or under 100 ms: the 105th of 106 is above every finite bucket
		assertThat(keyed.p99Millis()).isInfinite();
	}

	@Test
	void aSampleLineWithQuotesCommasAndBracesInItsLabels() {
		LatencyProfile.Sample sample = LatencyProfile.Sample.parse(
				"http_server_requests_seconds_count{exception=\"say \\\"no\\\", {please}\",uri=\"/a/{b}\"} 7.0 1700000000000");

		assertThat(sample.name()).isEqualTo("http_server_requests_seconds_count");
		assertThat(sample.labels()).containsExactlyInAnyOrderEntriesOf(
				Map.of("exception", "say \"no\", {please}", "uri", "/a/{b}"));
		assertThat(sample.value()).isEqualTo(7.0);
		assertThat(LatencyProfile.Sample.parse("up 1").labels()).isEmpty();
	}

	@Test
	void theQuantileIsTheUpperBoundOfTheBucketThatHoldsItsRank() {
		LatencyProfile.Row keyed = row("keyed hop");

		assertThat(keyed.count()).isEqualTo(100);
		assertThat(keyed.meanMillis()).isCloseTo(20, within(1e-6));
		// rank 50 is the 50th value at or below 10 ms; rank 99 is past the 98 at or below 100 ms
		assertThat(keyed.p50Millis()).isCloseTo(10, within(1e-9));
		assertThat(keyed.p99Millis()).isInfinite();
	}

	@Test
	void onlyTheSelectedSamplesCountAndTheOthersAreSummedOver() {
		LatencyProfile.Row http = row("HTTP accept");
		assertThat(http.count()).isEqualTo(100);
		assertThat(http.meanMillis()).isCloseTo(3, within(1e-6));
		// rank 50 is past the 40 at or below 2 ms; rank 99 past the 96 at or below 4 ms
		assertThat(http.p50Millis()).isCloseTo(4, within(1e-9));
		assertThat(http.p99Millis()).isInfinite();

		LatencyProfile.Row checkpoint = row("window stage: of which checkpoint");
		assertThat(checkpoint.count()).isEqualTo(4);
		assertThat(checkpoint.meanMillis()).isCloseTo(10, within(1e-6));
		// three at or below 5 ms, the fourth at or below 50 ms
		assertThat(checkpoint.p50Millis()).isCloseTo(5, within(1e-9));
		assertThat(checkpoint.p99Millis()).isCloseTo(50, within(1e-9));
	}

	@Test
	void aCounterThatWentBackCountsFromZeroAndAbsentSeriesAreEmpty() {
		LatencyProfile.Row results = row("results hop");
		assertThat(results.count()).isEqualTo(4);
		assertThat(results.meanMillis()).isCloseTo(5, within(1e-6));
		assertThat(results.p99Millis()).isCloseTo(10, within(1e-9));

		assertThat(row("events hop").count()).isZero();
		assertThat(row("store stage").count()).isZero();
		assertThat(row("end to end").p50Millis()).isCloseTo(1000, within(1e-9));
	}

	@Test
	void theTableFollowsTheDataPath() {
		String table = LatencyProfile.table(rows());

		assertThat(table.lines()).containsExactly("| component | count | mean ms | p50 ms | p99 ms |",
				"|---|---:|---:|---:|---:|", "| HTTP accept (POST events, 2xx) | 100 | 3.0 | 4.0 | over the top bucket |",
				"| events hop (ingestion -> route) | 0 | - | - | - |", "| route stage | 0 | - | - | - |",
				"| keyed hop (route -> window) | 100 | 20 | 10 | over the top bucket |",
				"| window stage | 0 | - | - | - |", "| window stage: of which checkpoint | 4 | 10 | 5.0 | 50 |",
				"| results hop (window -> storage) | 4 | 5.0 | 10 | 10 |", "| store stage | 0 | - | - | - |",
				"| result freshness (window end -> stored) | 0 | - | - | - |",
				"| end to end (accepted -> stored) | 2 | 2750 | 1000 | over the top bucket |");
	}

}
