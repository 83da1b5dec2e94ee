package io.tributary.support.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/** The one answer shape, through a service-like handler that adds its own mappings only. */
class ProblemAnswersTests {

	static class Gone extends RuntimeException {

		Gone(String message) {
			super(message);
		}

	}

	static class Busy extends RuntimeException {

	}

	@RestController
	static class Things {

		@GetMapping("/things/{name}")
		String thing(@PathVariable String name) {
			switch (name) {
				case "gone" -> throw new Gone("thing 'gone' is gone");
				case "busy" -> throw new Busy();
				case "broken" -> throw new IllegalStateException("secret internals at com.example.Thing");
				default -> {
					return name;
				}
			}
		}

	}

	@RestControllerAdvice
	static class ServiceProblems extends ProblemAnswers {

		ServiceProblems(Duration retryAfter) {
			super(retryAfter, "The request could not be answered. The log has the details.");
		}

		@ExceptionHandler
		ResponseEntity<ProblemDetail> gone(Gone ex) {
			return problem(HttpStatus.NOT_FOUND, "gone", "Gone away", ex.getMessage());
		}

		@ExceptionHandler
		ResponseEntity<ProblemDetail> busy(Busy ex) {
			return unavailable("busy", "Busy", "too busy; retry later");
		}

	}

	private static MockMvcTester mvc(Duration retryAfter) {
		return MockMvcTester.create(MockMvcBuilders.standaloneSetup(new Things())
			.setControllerAdvice(new ServiceProblems(retryAfter))
			.build());
	}

	@Test
	void aServicesOwnErrorIsAProblemWithTypeTitleStatusDetailAndInstance() {
		MvcTestResult result = mvc(Duration.ofSeconds(5)).get().uri("/things/gone").exchange();

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().isEqualTo("""
				{"type": "https://tributary.io/problems/gone", "title": "Gone away", "status": 404,
				 "detail": "thing 'gone' is gone", "instance": "/things/gone"}
				""", JsonCompareMode.STRICT);
	}

	@Test
	void aServiceUnavailableSaysWhenToRetryAsConfigured() {
		assertThat(mvc(Duration.ofSeconds(7)).get().uri("/things/busy").exchange())
			.hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasHeader("Retry-After", "7");
		assertThat(mvc(Duration.ofMillis(2500)).get().uri("/things/busy").exchange()).hasHeader("Retry-After", "2");
		// never "0", which would invite an immediate retry storm
		assertThat(mvc(Duration.ofMillis(200)).get().uri("/things/busy").exchange()).hasHeader("Retry-After", "1");
	}

	@Test
	void anUnexpectedFailureIsA500ThatRevealsNothing() {
		MvcTestResult result = mvc(Duration.ofSeconds(1)).get().uri("/things/broken").exchange();

		assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().isEqualTo("""
				{"type": "https://tributary.io/problems/internal-error", "title": "Internal Server Error",
				 "status": 500, "detail": "The request could not be answered. The log has the details.",
				 "instance": "/things/broken"}
				""", JsonCompareMode.STRICT);
	}

	@Test
	void springMvcsOwnErrorsArePlainProblemsToo() {
		assertThat(mvc(Duration.ofSeconds(1)).post().uri("/things/x").exchange())
			.hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
