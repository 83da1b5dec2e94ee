package io.tributary.query.result;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tributary.contract.Forecast;
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
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The forecast endpoint: the newest forecast, the answer while learning, 404 problems; Redis is mocked. */
@WebMvcTest(controllers = ForecastController.class,
		properties = "tributary.pipeline-file=src/test/resources/pipelines/forecast-pipelines.yaml")
@Import({ QueryConfiguration.class, PipelineCatalog.class })
class ForecastControllerTests {

	private static final String FORECAST = "/api/v1/pipelines/hourly-views/keys/home/forecast";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ResultReader reader;

	@Test
	void servesTheNewestForecastsPointsWithTheirIntervals() {
		given(this.reader.keyExists("hourly-views", "home")).willReturn(true);
		// tumbling windows: the newest result and the one before it
		given(this.reader.newestForecast("hourly-views", "home", 3)).willReturn(Optional.of(new Forecast("views",
				"holt-winters", 0.9, 120, 58,
				List.of(new Forecast.Point(Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T11:00:00Z"),
						100.5, 90.25, 110.75),
						new Forecast.Point(Instant.parse("2026-03-01T11:00:00Z"),
								Instant.parse("2026-03-01T12:00:00Z"), 120, 105.5, 134.5)))));
		assertThat(this.mvc.get().uri(FORECAST)).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isEqualTo("""
					{"pipeline": "hourly-views", "key": "home", "metric": "views", "method": "holt-winters",
					 "confidence": 0.9, "learnedFrom": 120, "warmUp": 58, "ready": true, "detail": null,
					 "points": [
					   {"windowStart": "2026-03-01T10:00:00Z", "windowEnd": "2026-03-01T11:00:00Z",
					    "value": 100.5, "lower": 90.25, "upper": 110.75},
					   {"windowStart": "2026-03-01T11:00:00Z", "windowEnd": "2026-03-01T12:00:00Z",
					    "value": 120.0, "lower": 105.5, "upper": 134.5}]}
					""", JsonCompareMode.STRICT);
	}

	@Test
	void aKeyStillLearningGetsNoPointsAndSaysHowFarItIs() {
		given(this.reader.keyExists("hourly-views", "home")).willReturn(true);
		given(this.reader.newestForecast("hourly-views", "home", 3))
			.willReturn(Optional.of(new Forecast("views", "holt-winters", 0.9, 12, 58, List.of())));
		assertThat(this.mvc.get().uri(FORECAST)).hasStatusOk()
			.bodyJson()
			.isEqualTo("""
					{"pipeline": "hourly-views", "key": "home", "metric": "views", "method": "holt-winters",
					 "confidence": 0.9, "learnedFrom": 12, "warmUp": 58, "ready": false,
					 "detail": "Not enough history yet: the forecast has learned from 12 of the 58 windows it needs",
					 "points": []}
					""", JsonCompareMode.STRICT);
		given(this.reader.newestForecast("hourly-views", "home", 3)).willReturn(Optional.empty());
		assertThat(this.mvc.get().uri(FORECAST)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No forecast yet: key 'home' has no final window the forecast has learned from");
	}

	@Test
	void unknownPipelinesKeysAndPipelinesWithoutAForecastAre404Problems() {
		given(this.reader.keyExists("hourly-views", "nope")).willReturn(false);
		assertThat(this.mvc.get().uri("/api/v1/pipelines/hourly-views/keys/nope/forecast"))
			.hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Pipeline 'hourly-views' has no key 'nope'");
		assertThat(this.mvc.get().uri("/api/v1/pipelines/nope/keys/home/forecast")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Unknown pipeline 'nope'; declared pipelines: [hourly-views, plain-views]");
		assertThat(this.mvc.get().uri("/api/v1/pipelines/plain-views/keys/home/forecast"))
			.hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Pipeline 'plain-views' declares no forecast");
		verify(this.reader, never()).newestForecast(anyString(), anyString(), anyInt());
	}

}
