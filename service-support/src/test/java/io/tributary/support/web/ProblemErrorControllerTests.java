package io.tributary.support.web;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors that never reached a controller are problem details too, with no message or exception. */
class ProblemErrorControllerTests {

	private final MockMvcTester mvc = MockMvcTester
		.create(MockMvcBuilders.standaloneSetup(new ProblemErrorController()).build());

	@Test
	void rendersTheContainersErrorAsAProblemWithoutItsMessage() {
		assertThat(this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/pipelines/x")
			.requestAttr(RequestDispatcher.ERROR_MESSAGE, "Invalid character found in the request target")
			.requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalArgumentException("boom")))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isEqualTo("""
					{"title": "Bad Request", "status": 400, "instance": "/api/v1/pipelines/x"}
					""", JsonCompareMode.STRICT);
	}

	@Test
	void aStatusThatIsNotAnErrorBecomesA500() {
		assertThat(this.mvc.get().uri("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 200))
			.hasStatus(HttpStatus.INTERNAL_SERVER_ERROR);
	}

	@Test
	void askingForTheErrorPathItselfIsA404() {
		assertThat(this.mvc.get().uri("/error")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
