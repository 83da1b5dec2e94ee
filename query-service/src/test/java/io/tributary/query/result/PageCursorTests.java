package io.tributary.query.result;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tributary.query.web.InvalidParameterException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageCursorTests {

	@Test
	void decodesWhatItEncoded() {
		for (long start : new long[] { 0, 1_714_564_800_000L, -10_000, TimeRange.LIMIT }) {
			assertThat(PageCursor.decode(PageCursor.encode(start))).isEqualTo(start);
		}
	}

	@Test
	void isUrlSafeWithoutPadding() {
		assertThat(PageCursor.encode(1_714_564_800_000L)).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void rejectsTextItDidNotIssue() {
		String foreign = Base64.getUrlEncoder().encodeToString("v2:100".getBytes(StandardCharsets.UTF_8));
		String notANumber = Base64.getUrlEncoder().encodeToString("v1:abc".getBytes(StandardCharsets.UTF_8));
		String tooFar = Base64.getUrlEncoder().encodeToString(("v1:" + Long.MAX_VALUE).getBytes(StandardCharsets.UTF_8));
		for (String cursor : new String[] { "", "!!!", "1714564800000", foreign, notANumber, tooFar }) {
			assertThatThrownBy(() -> PageCursor.decode(cursor)).as(cursor)
				.isInstanceOfSatisfying(InvalidParameterException.class,
						(ex) -> assertThat(ex.parameter()).isEqualTo("cursor"));
		}
	}

}
