package io.tributary.query.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestParametersTests {

	@Test
	void takesTheDefaultLimitWhenNoneIsGiven() {
		assertThat(RequestParameters.limit(null, 100, 1000)).isEqualTo(100);
	}

	@Test
	void acceptsLimitsFromOneToTheMaximum() {
		assertThat(RequestParameters.limit("1", 100, 1000)).isEqualTo(1);
		assertThat(RequestParameters.limit("1000", 100, 1000)).isEqualTo(1000);
	}

	@Test
	void rejectsLimitsOutsideTheRangeOrNotIntegers() {
		for (String bad : new String[] { "0", "-1", "1001", "abc", "", "1.5", "99999999999" }) {
			assertThatThrownBy(() -> RequestParameters.limit(bad, 100, 1000)).as(bad)
				.isInstanceOfSatisfying(InvalidParameterException.class,
						(ex) -> assertThat(ex.parameter()).isEqualTo("limit"))
				.hasMessageContaining("from 1 to 1000");
		}
	}

	@Test
	void rejectsAMissingOrBlankRequiredParameter() {
		assertThatThrownBy(() -> RequestParameters.required("key", null)).hasMessageContaining("is required");
		assertThatThrownBy(() -> RequestParameters.required("key", " ")).hasMessageContaining("must not be blank");
		assertThat(RequestParameters.required("key", "c-1")).isEqualTo("c-1");
	}

}
