package io.tributary.query.pipeline;

import java.time.Instant;
import java.util.List;

import io.tributary.query.QueryConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;

/** The pipeline definitions read back as the user wrote them, with their status; Redis is mocked. */
@WebMvcTest(controllers = PipelineController.class,
		properties = "tributary.pipeline-file=src/test/resources/pipelines/test-pipelines.yaml")
@Import({ QueryConfiguration.class, PipelineCatalog.class })
class PipelineControllerTests {

	/** What src/test/resources/pipelines/test-pipelines.yaml says, written out by hand. */
	private static final String CAMPAIGN_VIEWS = """
			{"name": "campaign-views",
			 "definition": {
			   "source": "ad-events",
			   "filter": "event.event_type == \\"view\\"",
			   "enrich": [{"lookup": "campaigns", "key": "event.ad_id", "as": "campaign_id"}],
			   "key-by": "campaign_id",
			   "window": {"type": "tumbling", "size": "10s", "allowed-lateness": "5s"},
			   "watermark": {"max-out-of-orderness": "2s", "idle-timeout": "10s"},
			   "aggregate": {"views": "count", "total_latency": "sum(latency_ms)", "avg_latency": "avg(latency_ms)"},
			   "select": {"ms_per_view": "double(total_latency) / double(views)"},
			   "alerts": {
			     "slow": {"when": "avg_latency > 1500", "severity": "critical", "resolve-after": "10s",
			              "condition": "avg_latency > 1500", "notify": ["ops-hook", "team-chat"]},
			     "views-anomaly": {"anomaly": "views", "sensitivity": 4.0, "warm-up": 20, "smoothing": 0.1,
			                       "direction": "up", "severity": "warning", "resolve-after": "10s",
			                       "condition": "views more than 4 standard deviations above its recent average"}},
			   "emit": {"every": "1s", "final": true},
			   "retention": "7d"},
			 "status": {"watermark": "2024-05-01T12:00:08Z", "lastResultAt": "2024-05-01T12:00:09.250Z", "keys": 3,
			            "watermarkLagMs": 4000,
			            "partitions": [{"partition": 0, "watermark": "2024-05-01T12:00:08Z", "watermarkLagMs": 4000},
			                           {"partition": 1, "watermark": "2024-05-01T12:00:11Z", "watermarkLagMs": 1000}],
			            "lastFinalWindowEnd": "2024-05-01T12:00:00Z", "freshnessMs": 9250},
			 "version": {"number": 2, "since": "2024-05-01T11:00:00Z", "fingerprint": "0123456789abcdef",
			             "digest": "fedcba9876543210", "inSync": false}}
			""";

	private static final String CLICK_COUNTS = """
			{"name": "click-counts",
			 "definition": {
			   "source": "clicks",
			   "filter": null,
			   "enrich": [],
			   "key-by": "page",
			   "window": {"type": "tumbling", "size": "90s", "allowed-lateness": "0s"},
			   "watermark": {"max-out-of-orderness": "0s", "idle-timeout": "10s"},
			   "aggregate": {"clicks": "count"},
			   "emit": {"every": null, "final": true},
			   "retention": "7d"},
			 "status": {"watermark": null, "lastResultAt": null, "keys": 0, "watermarkLagMs": null, "partitions": [],
			            "lastFinalWindowEnd": null, "freshnessMs": null},
			 "version": null}
			""";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PipelineStatusReader statusReader;

	@MockitoBean
	private PipelineVersionReader versionReader;

	@Test
	void listsEveryDeclaredPipelineWithItsDefinitionAndStatus() {
		givenStatuses();
		assertThat(this.mvc.get().uri("/api/v1/pipelines")).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isEqualTo("{\"items\": [" + CAMPAIGN_VIEWS + "," + CLICK_COUNTS + "]}", JsonCompareMode.STRICT);
	}

	@Test
	void showsOnePipeline() {
		givenStatuses();
		assertThat(this.mvc.get().uri("/api/v1/pipelines/click-counts")).hasStatusOk()
			.bodyJson()
			.isEqualTo(CLICK_COUNTS, JsonCompareMode.STRICT);
	}

	@Test
	void anUnknownPipelineIsA404Problem() {
		assertThat(this.mvc.get().uri("/api/v1/pipelines/nope")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isEqualTo("""
					{"type": "https://tributary.io/problems/not-found", "title": "Not Found", "status": 404,
					 "detail": "Unknown pipeline 'nope'; declared pipelines: [campaign-views, click-counts]",
					 "instance": "/api/v1/pipelines/nope"}
					""", JsonCompareMode.STRICT);
	}

	private void givenStatuses() {
		given(this.statusReader.status("campaign-views")).willReturn(new PipelineStatus(
				Instant.parse("2024-05-01T12:00:08Z"), Instant.parse("2024-05-01T12:00:09.250Z"), 3, 4000L,
				List.of(new PipelineStatus.PartitionWatermark(0, Instant.parse("2024-05-01T12:00:08Z"), 4000),
						new PipelineStatus.PartitionWatermark(1, Instant.parse("2024-05-01T12:00:11Z"), 1000)),
				Instant.parse("2024-05-01T12:00:00Z"), 9250L));
		given(this.statusReader.status("click-counts"))
			.willReturn(new PipelineStatus(null, null, 0, null, List.of(), null, null));
		given(this.versionReader.version(argThat((f) -> f.pipeline().equals("campaign-views"))))
			.willReturn(new PipelineVersionView(2, Instant.parse("2024-05-01T11:00:00Z"), "0123456789abcdef",
					"fedcba9876543210", false));
	}

}
