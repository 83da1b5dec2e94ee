package io.tributary.support.security;

import io.github.bucket4j.ConsumptionProbe;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The RateLimit headers and Retry-After from a bucket's answer: seconds, rounded up. */
class RateLimitDecisionTests {

	@Test
	void anAllowedRequestGetsTheRateLimitHeadersAndNoRetryAfter() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		RateLimitDecision.of(ConsumptionProbe.consumed(7, 2_300_000_000L), 10).writeHeaders(response);
		assertThat(response.getHeader("RateLimit-Limit")).isEqualTo("10");
		assertThat(response.getHeader("RateLimit-Remaining")).isEqualTo("7");
		assertThat(response.getHeader("RateLimit-Reset")).isEqualTo("3");
		assertThat(response.getHeader("Retry-After")).isNull();
	}

	@Test
	void aRefusedRequestGetsRetryAfterInWholeSecondsRoundedUp() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		RateLimitDecision.of(ConsumptionProbe.rejected(0, 1_000_000_001L, 5_000_000_000L), 3).writeHeaders(response);
		assertThat(response.getHeader("Retry-After")).isEqualTo("2");
		assertThat(response.getHeader("RateLimit-Remaining")).isEqualTo("0");
		assertThat(response.getHeader("RateLimit-Reset")).isEqualTo("5");
	}

	@Test
	void aRefusalDueAtOnceStillSaysAtLeastOneSecond() {
		RateLimitDecision decision = RateLimitDecision.of(ConsumptionProbe.rejected(0, 1, 1), 3);
		assertThat(decision.retryAfterSeconds()).isEqualTo(1);
		assertThat(decision.resetSeconds()).isEqualTo(1);
	}

	@Test
	void ofTwoBucketsTheRefusingOrTheEmptierOneSpeaks() {
		RateLimitDecision key = new RateLimitDecision(true, 100, 50, 1, 0);
		RateLimitDecision stream = new RateLimitDecision(false, 2, 0, 60, 30);
		assertThat(key.tighter(stream)).isSameAs(stream);
		assertThat(stream.tighter(key)).isSameAs(stream);
		RateLimitDecision emptier = new RateLimitDecision(true, 1000, 3, 1, 0);
		assertThat(key.tighter(emptier)).isSameAs(emptier);
	}

}
