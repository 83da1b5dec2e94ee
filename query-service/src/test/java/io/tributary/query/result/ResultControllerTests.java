package io.tributary.query.result;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.jayway.jsonpath.JsonPath;
import io.tributary.contract.Counts;
import io.tributary.contract.WindowResult;
import io.tributary.query.QueryConfiguration;
import io.tributary.query.pipeline.PipelineCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** Parameter validation, paging links and problem details of the results endpoints; Redis is mocked. */
@WebMvcTest(controllers = ResultController.class,
		properties = "tributary.pipeline-file=src/test/resources/pipelines/test-pipelines.yaml")
@Import({ QueryConfiguration.class, PipelineCatalog.class })
class ResultControllerTests {

	private static final String RESULTS = "/api/v1/pipelines/campaign-views/results";

	// 2024-05-01T12:00:00Z in epoch millis, computed by hand
	private static final long NOON = 1_714_564_800_000L;

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ResultReader reader;

	@Test
	void aMissingKeyIsA400ProblemNamingTheParameter() {
		MvcTestResult result = this.mvc.get().uri(RESULTS).exchange();
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isEqualTo("""
					{"type": "https://tributary.io/problems/invalid-parameter", "title": "Invalid request parameter",
					 "status": 400,
					 "detail": "Parameter 'key' is required", "instance": "%s", "parameter": "key"}
					""".formatted(RESULTS), JsonCompareMode.STRICT);
		verifyNoInteractions(this.reader);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			from=yesterday                                         | from
			to=2024-05-01                                          | to
			from=2024-05-01T12:00:00Z&to=2024-05-01T12:00:00Z      | from
			from=1714564800001&to=1714564800000                    | from
			limit=0                                                | limit
			limit=1001                                             | limit
			limit=ten                                              | limit
			cursor=not-a-cursor                                    | cursor
			key=                                                   | key
			version=0                                              | version
			version=two                                            | version
			""")
	void aBadParameterIsA400ProblemNamingIt(String query, String parameter) {
		String key = query.startsWith("key=") ? "" : "key=c-1&";
		MvcTestResult result = this.mvc.get().uri(URI.create(RESULTS + "?" + key + query)).exchange();
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.parameter").isEqualTo(parameter);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().startsWith("Parameter '" + parameter + "'");
		verifyNoInteractions(this.reader);
	}

	@Test
	void anUnknownPipelineIsA404ThatListsTheDeclaredOnes() {
		MvcTestResult result = this.mvc.get().uri("/api/v1/pipelines/nope/results?key=c-1").exchange();
		assertThat(result).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Unknown pipeline 'nope'; declared pipelines: [campaign-views, click-counts]");
		verifyNoInteractions(this.reader);
	}

	@Test
	void anUnknownKeyIsA404() {
		given(this.reader.keyExists("campaign-views", "nope")).willReturn(false);
		assertThat(this.mvc.get().uri(RESULTS + "?key=nope")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Pipeline 'campaign-views' has no key 'nope'");
		assertThat(this.mvc.get().uri("/api/v1/pipelines/campaign-views/keys/nope/latest"))
			.hasStatus(HttpStatus.NOT_FOUND);
		verify(this.reader, never()).page(anyString(), anyString(), any(), anyInt());
	}

	@Test
	void asksForTheHalfOpenRangeAsInclusiveMillisAndRendersResultsWithIsoTimes() {
		given(this.reader.keyExists("campaign-views", "c-1")).willReturn(true);
		given(this.reader.page("campaign-views", "c-1", new TimeRange(NOON, NOON + 29_999), 100))
			.willReturn(new ResultPage(List.of(result("c-1", NOON)), null));
		MvcTestResult result = this.mvc.get()
			.uri(RESULTS + "?key=c-1&from=2024-05-01T12:00:00Z&to=" + (NOON + 30_000))
			.exchange();
		assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON).bodyJson().isEqualTo("""
				{"items": [{"pipeline": "campaign-views", "key": "c-1",
				            "windowStart": "2024-05-01T12:00:00Z", "windowEnd": "2024-05-01T12:00:10Z",
				            "final": true, "revision": 3, "version": 1,
				            "metrics": {"views": 42, "avg_latency": 12.5, "max_latency": null},
				            "counts": {"events": 42, "late": 1, "duplicates": 0}}],
				 "next": null}
				""", JsonCompareMode.STRICT);
	}

	@Test
	void theNextLinkCarriesTheParametersAndContinuesAfterTheLastWindow() throws Exception {
		String key = "ad+1 &x=y/é";
		given(this.reader.keyExists("campaign-views", key)).willReturn(true);
		given(this.reader.page("campaign-views", key, new TimeRange(NOON, NOON + 59_999), 2))
			.willReturn(new ResultPage(List.of(result(key, NOON), result(key, NOON + 10_000)), NOON + 10_000));
		given(this.reader.page("campaign-views", key, new TimeRange(NOON + 10_001, NOON + 59_999), 2))
			.willReturn(new ResultPage(List.of(result(key, NOON + 20_000)), null));

		URI first = UriComponentsBuilder.fromPath(RESULTS)
			.queryParam("key", "{key}")
			.queryParam("from", "{from}")
			.queryParam("to", "{to}")
			.queryParam("limit", 2)
			.encode()
			.buildAndExpand(key, "2024-05-01T12:00:00Z", NOON + 60_000)
			.toUri();
		MvcTestResult page1 = this.mvc.get().uri(first).exchange();
		assertThat(page1).hasStatusOk();
		String next = JsonPath.read(page1.getResponse().getContentAsString(), "$.next");
		assertThat(next).startsWith("http://localhost" + RESULTS + "?key=ad%2B1%20%26x%3Dy%2F%C3%A9&")
			.contains("&from=2024-05-01T12%3A00%3A00Z&to=" + (NOON + 60_000) + "&limit=2&cursor=");

		MvcTestResult page2 = this.mvc.get().uri(URI.create(next)).exchange();
		assertThat(page2).hasStatusOk().bodyJson().extractingPath("$.items[0].windowStart")
			.isEqualTo("2024-05-01T12:00:20Z");
		assertThat(page2).bodyJson().extractingPath("$.next").isNull();
		verify(this.reader).page(eq("campaign-views"), eq(key), eq(new TimeRange(NOON + 10_001, NOON + 59_999)), eq(2));
	}

	@Test
	void resultsOfOneVersionAreAskedForWhenTheRequestNamesItAndTheNextLinkKeepsIt() throws Exception {
		given(this.reader.keyExists("campaign-views", "c-1")).willReturn(true);
		WindowResult second = new WindowResult("campaign-views", "c-1", Instant.ofEpochMilli(NOON),
				Instant.ofEpochMilli(NOON + 20_000), false, 4_294_967_298L, 2, Map.of("views", 7), new Counts(7, 0, 0),
				null);
		given(this.reader.page("campaign-views", "c-1", new TimeRange(NOON, NOON + 59_999), 1, 2))
			.willReturn(new ResultPage(List.of(second), NOON));

		MvcTestResult result = this.mvc.get()
			.uri(RESULTS + "?key=c-1&from=" + NOON + "&to=" + (NOON + 60_000) + "&limit=1&version=2")
			.exchange();

		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.items[0].version").isEqualTo(2);
		assertThat(result).bodyJson().extractingPath("$.items[0].revision").isEqualTo(4_294_967_298L);
		assertThat(result).bodyJson().extractingPath("$.next").asString().contains("&limit=1&version=2&cursor=");
		verify(this.reader, never()).page(anyString(), anyString(), any(), anyInt());
	}

	@Test
	void latestServesTheNewestResultOrA404WhenTheKeyHasNone() {
		given(this.reader.keyExists("campaign-views", "c-1")).willReturn(true);
		given(this.reader.latest("campaign-views", "c-1")).willReturn(Optional.of(result("c-1", NOON)));
		assertThat(this.mvc.get().uri("/api/v1/pipelines/campaign-views/keys/c-1/latest")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.windowStart")
			.isEqualTo("2024-05-01T12:00:00Z");
		assertThat(this.mvc.get().uri("/api/v1/pipelines/campaign-views/keys/c-1/latest")).bodyJson()
			.extractingPath("$.version")
			.isEqualTo(1);

		given(this.reader.keyExists("campaign-views", "c-2")).willReturn(true);
		given(this.reader.latest("campaign-views", "c-2")).willReturn(Optional.empty());
		assertThat(this.mvc.get().uri("/api/v1/pipelines/campaign-views/keys/c-2/latest"))
			.hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void listsKeysNewestFirstWithTheTotal() {
		given(this.reader.keys("campaign-views", 2)).willReturn(List.of(
				new ResultReader.KeyEntry("c-2", Instant.ofEpochMilli(NOON + 10_000)),
				new ResultReader.KeyEntry("c-1", Instant.ofEpochMilli(NOON))));
		given(this.reader.keyCount("campaign-views")).willReturn(5L);
		assertThat(this.mvc.get().uri("/api/v1/pipelines/campaign-views/keys?limit=2")).hasStatusOk()
			.bodyJson()
			.isEqualTo("""
					{"items": [{"key": "c-2", "newestWindowStart": "2024-05-01T12:00:10Z"},
					           {"key": "c-1", "newestWindowStart": "2024-05-01T12:00:00Z"}],
					 "total": 5}
					""", JsonCompareMode.STRICT);
		assertThat(this.mvc.get().uri("/api/v1/pipelines/campaign-views/keys?limit=-5"))
			.hasStatus(HttpStatus.BAD_REQUEST);
	}

	@Test
	void anUnreachableRedisIsA503WithRetryAfter() {
		given(this.reader.keyExists(anyString(), anyString()))
			.willThrow(new RedisConnectionFailureException("Unable to connect to 127.0.0.1:6379"));
		MvcTestResult result = this.mvc.get().uri(RESULTS + "?key=c-1").exchange();
		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "1");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().doesNotContain("6379");
		assertThat(result).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://tributary.io/problems/store-unavailable");
	}

	@Test
	void anUnexpectedFailureIsA500ThatRevealsNothing() throws Exception {
		given(this.reader.keyExists(anyString(), anyString()))
			.willThrow(new IllegalStateException("secret internals at com.example.Foo"));
		MvcTestResult result = this.mvc.get().uri(RESULTS + "?key=c-1").exchange();
		assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponse().getContentAsString()).doesNotContain("secret", "Exception", "at ");
	}

	@Test
	void aWrongMethodIsA405ProblemWithAllow() {
		MvcTestResult result = this.mvc.post().uri(RESULTS + "?key=c-1").exchange();
		assertThat(result).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Allow", "GET");
	}

	@Test
	void anUnacceptableMediaTypeIsA406Problem() {
		given(this.reader.keyExists("campaign-views", "c-1")).willReturn(true);
		MvcTestResult result = this.mvc.get().uri(RESULTS + "?key=c-1").accept(MediaType.APPLICATION_XML).exchange();
		assertThat(result).hasStatus(HttpStatus.NOT_ACCEPTABLE);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(406);
	}

	@Test
	void anUnknownPathIsA404Problem() {
		assertThat(this.mvc.get().uri("/api/v1/nothing-here")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo(404);
	}

	private static WindowResult result(String key, long start) {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("views", 42);
		metrics.put("avg_latency", 12.5);
		metrics.put("max_latency", null);
		return new WindowResult("campaign-views", key, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 10_000),
				true, 3, metrics, new Counts(42, 1, 0));
	}

}
