package io.tributary.ingestion.api;

import java.time.Clock;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.TestPipelines;
import io.tributary.ingestion.backpressure.Admission;
import io.tributary.ingestion.intake.EventIntake;
import io.tributary.ingestion.intake.StreamCatalog;
import io.tributary.ingestion.lookup.LookupStore;
import io.tributary.ingestion.publish.EventPublisher;
import io.tributary.ingestion.publish.PublishFailedException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP surface of event ingestion with the real intake and the publisher mocked: parsing,
 * validation, limits and problem shapes, and that nothing is published for a bad request.
 */
@WebMvcTest(controllers = { EventController.class, LookupController.class })
@Import(EventControllerTests.RealIntake.class)
@TestPropertySource(properties = { "tributary.ingestion.max-request-size=2KB",
		"tributary.ingestion.max-events-per-request=5", "tributary.ingestion.retry-after=7s" })
class EventControllerTests {

	private static final String EVENTS = "/api/v1/streams/{stream}/events";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private EventPublisher publisher;

	@MockitoBean
	private LookupStore lookups;

	/** Admits every batch (a mock's admit() does nothing); refusals are BackpressureIT's. */
	@MockitoBean
	private Admission admission;

	@TestConfiguration(proxyBeanMethods = false)
	static class RealIntake {

		@Bean
		EventIntake eventIntake(IngestionProperties properties) {
			return new EventIntake(StreamCatalog.of(TestPipelines.load()), properties.ingestion().readLimits(),
					properties.ingestion().maxReportedErrors(), Clock.systemUTC());
		}

	}

	private ResultActions postEvents(String stream, MediaType type, String body) throws Exception {
		return this.mvc.perform(post(EVENTS, stream).contentType(type).content(body));
	}

	private EventBatch publishedBatch(String stream) {
		ArgumentCaptor<EventBatch> batch = ArgumentCaptor.forClass(EventBatch.class);
		verify(this.publisher).publish(eq(stream), batch.capture(), any());
		return batch.getValue();
	}

	@Test
	void acceptsAnArrayAsOneBatchAndAnswersWithTheIds() throws Exception {
		postEvents("orders", MediaType.APPLICATION_JSON,
				"[{\"order_id\": \"o-1\", \"amount\": 1}, {\"order_id\": 2, \"amount\": 2}]")
			.andExpect(status().isAccepted())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.accepted").value(2))
			.andExpect(jsonPath("$.ids[0]").value("o-1"))
			.andExpect(jsonPath("$.ids[1]").value("2"));

		assertThat(publishedBatch("orders").events()).extracting(Event::id).containsExactly("o-1", "2");
	}

	@Test
	void acceptsASingleObject() throws Exception {
		postEvents("orders", MediaType.APPLICATION_JSON, "{\"order_id\": \"o-1\", \"amount\": 1}")
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.accepted").value(1));

		assertThat(publishedBatch("orders").events()).singleElement()
			.satisfies((e) -> assertThat(e.data()).containsEntry("amount", 1L));
	}

	@Test
	void acceptsNdjsonWithACharset() throws Exception {
		postEvents("clicks", MediaType.parseMediaType("application/x-ndjson;charset=UTF-8"),
				"{\"page\": \"/a\"}\n{\"page\": \"/b\"}\n")
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.accepted").value(2));

		assertThat(publishedBatch("clicks").events()).extracting((e) -> e.data().get("page"))
			.containsExactly("/a", "/b");
	}

	@Test
	void rejectsABatchWithABadEventAndPublishesNothing() throws Exception {
		postEvents("orders", MediaType.APPLICATION_JSON,
				"[{\"order_id\": \"o-1\", \"amount\": 1}, {\"order_id\": \"o-2\", \"amount\": 2, \"occurred_at\": \"soon\"}]")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tributary.io/problems/invalid-events"))
			.andExpect(jsonPath("$.title").value("Invalid events"))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.detail").value("1 of 2 event(s) are invalid; nothing was accepted"))
			.andExpect(jsonPath("$.invalidEvents").value(1))
			.andExpect(jsonPath("$.errors.length()").value(1))
			.andExpect(jsonPath("$.errors[0].index").value(1))
			.andExpect(jsonPath("$.errors[0].line").doesNotExist())
			.andExpect(jsonPath("$.errors[0].message", startsWith("time field 'occurred_at': 'soon' is neither")));

		verifyNoInteractions(this.publisher);
	}

	@Test
	void namesTheBadLineOfAnNdjsonBody() throws Exception {
		postEvents("clicks", MediaType.APPLICATION_NDJSON, "{\"a\": 1}\n\n[1, 2]\n")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].index").value(1))
			.andExpect(jsonPath("$.errors[0].line").value(3))
			.andExpect(jsonPath("$.errors[0].message").value("expected a JSON object, not an array"));

		verifyNoInteractions(this.publisher);
	}

	@Test
	void rejectsMalformedJson() throws Exception {
		postEvents("clicks", MediaType.APPLICATION_JSON, "[{\"a\": 1}, {\"a\" 2}]")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("Malformed request body"))
			.andExpect(jsonPath("$.errors[0].index").value(1));

		verifyNoInteractions(this.publisher);
	}

	@Test
	void answers404ForAnUnknownStream() throws Exception {
		postEvents("no-such-stream", MediaType.APPLICATION_JSON, "{}")
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Unknown stream"))
			.andExpect(jsonPath("$.detail", containsString("'no-such-stream' is not declared")));

		verifyNoInteractions(this.publisher);
	}

	@Test
	void answers413ForABodyOverTheSizeLimit() throws Exception {
		String big = "{\"x\": \"" + "y".repeat(2100) + "\"}";
		postEvents("clicks", MediaType.APPLICATION_JSON, big)
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.title").value("Request too large"))
			.andExpect(jsonPath("$.detail", containsString("2048 bytes")));

		verifyNoInteractions(this.publisher);
	}

	@Test
	void answers413ForMoreEventsThanTheLimit() throws Exception {
		postEvents("clicks", MediaType.APPLICATION_JSON, "[{}, {}, {}, {}, {}, {}]")
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.title").value("Too many events"))
			.andExpect(jsonPath("$.detail", containsString("more than 5 events")));

		verifyNoInteractions(this.publisher);
	}

	@Test
	void answers415ForOtherContentTypes() throws Exception {
		postEvents("clicks", MediaType.TEXT_PLAIN, "{}")
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(post(EVENTS, "clicks").content("{}")).andExpect(status().isUnsupportedMediaType());

		verifyNoInteractions(this.publisher);
	}

	@Test
	void answers503WithRetryAfterWhenTheBrokerDoesNotConfirm() throws Exception {
		willThrow(new PublishFailedException("the broker did not confirm within PT5S")).given(this.publisher)
			.publish(anyString(), any(), any());

		postEvents("clicks", MediaType.APPLICATION_JSON, "{}")
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "7"))
			.andExpect(jsonPath("$.title").value("Broker unavailable"))
			.andExpect(jsonPath("$.detail", containsString("did not confirm")));
	}

	@Test
	void neverShowsAClientTheInsidesOfAnUnexpectedFailure() throws Exception {
		willThrow(new IllegalStateException("secret internals")).given(this.publisher).publish(anyString(), any(), any());

		postEvents("clicks", MediaType.APPLICATION_JSON, "{}")
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(content().string(not(containsString("secret"))))
			.andExpect(content().string(not(containsString("Exception"))));
	}

	@Test
	void answersOtherMethodsWithAProblem() throws Exception {
		this.mvc.perform(get(EVENTS, "clicks"))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void refusesAnOversizedLookupBodyWithoutWritingIt() throws Exception {
		String big = "{\"k\": \"" + "v".repeat(2100) + "\"}";
		this.mvc.perform(put("/api/v1/lookups/prices")
			.contentType(MediaType.APPLICATION_JSON)
			.content(big)).andExpect(status().isContentTooLarge());
		this.mvc.perform(put("/api/v1/lookups/prices")
			.contentType(MediaType.TEXT_PLAIN)
			.content("{}")).andExpect(status().isUnsupportedMediaType());

		verify(this.lookups, never()).upsert(anyString(), any());
	}

}
