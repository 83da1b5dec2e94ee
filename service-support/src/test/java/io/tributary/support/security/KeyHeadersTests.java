package io.tributary.support.security;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a request's key is found: a bearer token, else X-API-Key; nothing else counts. */
class KeyHeadersTests {

	private final KeyHeaders headers = new KeyHeaders();

	@Test
	void readsABearerTokenOrAnXApiKeyHeader() {
		MockHttpServletRequest bearer = new MockHttpServletRequest();
		bearer.addHeader("Authorization", "bearer abc-123");
		assertThat(((PresentedKey) this.headers.convert(bearer)).getCredentials()).isEqualTo("abc-123");
		MockHttpServletRequest apiKey = new MockHttpServletRequest();
		apiKey.addHeader("X-API-Key", " def ");
		assertThat(((PresentedKey) this.headers.convert(apiKey)).getCredentials()).isEqualTo("def");
	}

	@Test
	void noKeyHeaderIsNoKeyAndTheKeyIsNeverShown() {
		MockHttpServletRequest basic = new MockHttpServletRequest();
		basic.addHeader("Authorization", "Basic dXNlcjpwYXNz");
		assertThat(this.headers.convert(basic)).isNull();
		assertThat(this.headers.convert(new MockHttpServletRequest())).isNull();
		MockHttpServletRequest bearer = new MockHttpServletRequest();
		bearer.addHeader("Authorization", "Bearer top-secret");
		assertThat(String.valueOf(this.headers.convert(bearer))).doesNotContain("top-secret");
	}

}
