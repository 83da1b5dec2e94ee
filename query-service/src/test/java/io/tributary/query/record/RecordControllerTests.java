package io.tributary.query.record;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Counts;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.ExpiredResult;
import io.tributary.query.QueryConfiguration;
import io.tributary.query.pipeline.PipelineCatalog;
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
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/** Late and dead-letter listings: limits, 404s and the rendered shape; Redis is mocked. */
@WebMvcTest(controllers = RecordController.class,
		properties = "tributary.pipeline-file=src/test/resources/pipelines/test-pipelines.yaml")
@Import({ QueryConfiguration.class, PipelineCatalog.class })
class RecordControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private RecordReader reader;

	@Test
	void listsLateRecordsWithWhenTheyWereRecorded() {
		given(this.reader.late("campaign-views", 2)).willReturn(List.of(new LateRecordView("campaign-views", "c-1",
				Instant.parse("2024-05-01T12:00:00Z"), Instant.parse("2024-05-01T12:00:10Z"), "e-9",
				Instant.parse("2024-05-01T12:00:03Z"), Instant.parse("2024-05-01T12:00:20Z"),
				Instant.parse("2024-05-01T12:00:21Z"), "late: why", Map.of("ad_id", "a-1"))));
		assertThat(this.mvc.get().uri("/api/v1/pipelines/campaign-views/late?limit=2")).hasStatusOk()
			.bodyJson()
			.isEqualTo("""
					{"items": [{"pipeline": "campaign-views", "key": "c-1",
					            "windowStart": "2024-05-01T12:00:00Z", "windowEnd": "2024-05-01T12:00:10Z",
					            "eventId": "e-9", "eventTime": "2024-05-01T12:00:03Z",
					            "watermark": "2024-05-01T12:00:20Z", "recordedAt": "2024-05-01T12:00:21Z",
					            "reason": "late: why", "values": {"ad_id": "a-1"}}]}
					""", JsonCompareMode.STRICT);
	}

	@Test
	void listsResultsDroppedAsOlderThanTheRetentionBesideTheLateEvents() {
		given(this.reader.late("campaign-views", 100)).willReturn(List.of());
		given(this.reader.droppedResults("campaign-views", 100)).willReturn(List.of(DroppedResultView.of(
				new ExpiredResult("campaign-views", "c-1", Instant.parse("2024-05-01T12:00:00Z"),
						Instant.parse("2024-05-01T12:00:10Z"), 2, 1, new Counts(7, 0, 1), Instant.parse("2024-05-08T12:00:11Z"),
						Instant.parse("2024-05-15T12:00:11Z")))));
		assertThat(this.mvc.get().uri("/api/v1/pipelines/campaign-views/late")).hasStatusOk()
			.bodyJson()
			.isEqualTo("""
					{"items": [],
					 "droppedResults": [{"pipeline": "campaign-views", "key": "c-1",
					    "windowStart": "2024-05-01T12:00:00Z", "windowEnd": "2024-05-01T12:00:10Z", "revision": 2,
					    "version": 1, "counts": {"events": 7, "late": 0, "duplicates": 1}, "reason": "expired-retention",
					    "detail": "not stored: the window ended (2024-05-01T12:00:10Z) before the pipeline's retention cutoff (2024-05-08T12:00:11Z, the wall clock minus its retention), as happens to a backfill of data older than the retention; its events are in no stored result",
					    "cutoff": "2024-05-08T12:00:11Z", "droppedAt": "2024-05-15T12:00:11Z"}]}
					""", JsonCompareMode.STRICT);
	}

	@Test
	void lateRecordsOfAnUnknownPipelineAreA404() {
		assertThat(this.mvc.get().uri("/api/v1/pipelines/nope/late")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.reader);
	}

	@Test
	void aBadLimitIsA400() {
		assertThat(this.mvc.get().uri("/api/v1/pipelines/campaign-views/late?limit=0"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.parameter")
			.isEqualTo("limit");
		assertThat(this.mvc.get().uri("/api/v1/streams/ad-events/dead-letters?limit=x"))
			.hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.reader);
	}

	@Test
	void listsDeadLettersOfADeclaredStream() {
		given(this.reader.deadLetters("ad-events", 100)).willReturn(List.of(new DeadLetterRecord("ad-events",
				"campaign-views", "e-1", Instant.parse("2024-05-01T12:00:01Z"), Instant.parse("2024-05-01T12:00:02Z"),
				"lookup campaigns has no entry for 'a-404'", Map.of("ad_id", "a-404"))));
		assertThat(this.mvc.get().uri("/api/v1/streams/ad-events/dead-letters")).hasStatusOk()
			.bodyJson()
			.isEqualTo("""
					{"items": [{"stream": "ad-events", "pipeline": "campaign-views", "eventId": "e-1",
					            "eventTime": "2024-05-01T12:00:01Z", "recordedAt": "2024-05-01T12:00:02Z",
					            "reason": "lookup campaigns has no entry for 'a-404'", "data": {"ad_id": "a-404"}}]}
					""", JsonCompareMode.STRICT);
	}

	@Test
	void deadLettersOfAStreamNeitherDeclaredNorRecordedAreA404() {
		given(this.reader.hasDeadLetters("nope")).willReturn(false);
		assertThat(this.mvc.get().uri("/api/v1/streams/nope/dead-letters")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Unknown stream 'nope'; declared streams: [ad-events, clicks]");
	}

	@Test
	void deadLettersOfAStreamNoLongerDeclaredAreStillServed() {
		given(this.reader.hasDeadLetters("old")).willReturn(true);
		given(this.reader.deadLetters("old", 100)).willReturn(List.of());
		assertThat(this.mvc.get().uri("/api/v1/streams/old/dead-letters")).hasStatusOk()
			.bodyJson()
			.isEqualTo("{\"items\": []}", JsonCompareMode.STRICT);
	}

}
