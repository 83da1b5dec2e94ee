package io.tributary.query.result;

import io.tributary.query.web.InvalidParameterException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeRangeTests {

	// 2024-05-01T12:00:00Z, computed by hand: 19844 days * 86400000 + 12 * 3600000
	private static final long MAY_FIRST_NOON = 19844L * 86_400_000L + 12L * 3_600_000L;

	@Test
	void acceptsIsoInstantsAndEpochMillisAsTheSameBound() {
		assertThat(TimeRange.millis("from", "2024-05-01T12:00:00Z")).isEqualTo(MAY_FIRST_NOON);
		assertThat(TimeRange.millis("from", "2024-05-01T14:00:00+02:00")).isEqualTo(MAY_FIRST_NOON);
		assertThat(TimeRange.millis("from", String.valueOf(MAY_FIRST_NOON))).isEqualTo(MAY_FIRST_NOON);
		assertThat(TimeRange.millis("from", "-1500")).isEqualTo(-1500);
	}

	@Test
	void makesTheRangeHalfOpenAsInclusiveMillis() {
		TimeRange range = TimeRange.parse("1000", "2000");
		assertThat(range.fromInclusive()).isEqualTo(1000);
		assertThat(range.toInclusive()).isEqualTo(1999);
	}

	@Test
	void roundsAFractionalMillisecondUpSoTheHalfOpenRangeHoldsForWholeMillisecondStarts() {
		// windows starting at 0 ms are before 0.5 ms: excluded by from, included by to
		TimeRange range = TimeRange.parse("1970-01-01T00:00:00.0005Z", "1970-01-01T00:00:00.0025Z");
		assertThat(range.fromInclusive()).isEqualTo(1);
		assertThat(range.toInclusive()).isEqualTo(2);
	}

	@Test
	void leavesAnAbsentBoundOpen() {
		TimeRange range = TimeRange.parse(null, null);
		assertThat(range.fromInclusive()).isEqualTo(-TimeRange.LIMIT);
		assertThat(range.toInclusive()).isEqualTo(TimeRange.LIMIT);
		assertThat(TimeRange.parse("5", null).toInclusive()).isEqualTo(TimeRange.LIMIT);
		assertThat(TimeRange.parse(null, "5").fromInclusive()).isEqualTo(-TimeRange.LIMIT);
	}

	@Test
	void rejectsFromNotBeforeTo() {
		assertThatThrownBy(() -> TimeRange.parse("2000", "2000")).isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("before 'to'");
		assertThatThrownBy(() -> TimeRange.parse("2024-05-01T12:00:01Z", "2024-05-01T12:00:00Z"))
			.isInstanceOf(InvalidParameterException.class);
	}

	@Test
	void namesTheParameterThatCannotBeParsed() {
		assertThatThrownBy(() -> TimeRange.parse("yesterday", null)).isInstanceOfSatisfying(
				InvalidParameterException.class, (ex) -> assertThat(ex.parameter()).isEqualTo("from"));
		assertThatThrownBy(() -> TimeRange.parse(null, "2024-05-01")).isInstanceOfSatisfying(
				InvalidParameterException.class, (ex) -> assertThat(ex.parameter()).isEqualTo("to"));
		assertThatThrownBy(() -> TimeRange.parse("12.5", null)).isInstanceOf(InvalidParameterException.class);
	}

	@Test
	void rejectsBoundsTooFarToBeExactRedisScores() {
		assertThatThrownBy(() -> TimeRange.millis("to", String.valueOf(1L << 53)))
			.isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("out of range");
		assertThatThrownBy(() -> TimeRange.millis("to", "99999999999999999999999"))
			.isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("out of range");
		assertThatThrownBy(() -> TimeRange.millis("from", "+1000000000-01-01T00:00:00Z"))
			.isInstanceOf(InvalidParameterException.class)
			.hasMessageContaining("out of range");
	}

	@Test
	void continuesAfterTheLastServedWindowStart() {
		TimeRange range = TimeRange.parse("1000", "5000");
		assertThat(range.after(2000).fromInclusive()).isEqualTo(2001);
		assertThat(range.after(0).fromInclusive()).isEqualTo(1000);
		assertThat(range.after(4999).isEmpty()).isTrue();
	}

}
