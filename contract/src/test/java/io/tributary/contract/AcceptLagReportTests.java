package io.tributary.contract;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The accept-lag report as processing writes it and ingestion reads it. */
class AcceptLagReportTests {

	private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

	@Test
	void readsWhatItWrites() {
		AcceptLagReport report = new AcceptLagReport(1234, NOW);
		assertThat(report.encode()).isEqualTo("1234:" + NOW.toEpochMilli());
		assertThat(AcceptLagReport.parse(report.encode())).isEqualTo(report);
	}

	@Test
	void refusesWhatIsNotLagColonTime() {
		assertThatIllegalArgumentException().isThrownBy(() -> AcceptLagReport.parse("1234"));
		assertThatIllegalArgumentException().isThrownBy(() -> AcceptLagReport.parse("x:1"));
		assertThatIllegalArgumentException().isThrownBy(() -> AcceptLagReport.parse("1:"));
		assertThatIllegalArgumentException().isThrownBy(() -> AcceptLagReport.parse("-5:1"));
	}

	@Test
	void isStaleOnlyWhenOlderThanThreeSeconds() {
		assertThat(new AcceptLagReport(0, NOW.minusMillis(3000)).isStaleAt(NOW)).isFalse();
		assertThat(new AcceptLagReport(0, NOW.minusMillis(3001)).isStaleAt(NOW)).isTrue();
		assertThat(new AcceptLagReport(0, NOW.plusSeconds(10)).isStaleAt(NOW)).as("a clock ahead").isFalse();
	}

	@Test
	void takesTheLargestFreshLagAndIgnoresStaleAndUnreadableReports() {
		List<String> values = List.of(new AcceptLagReport(300, NOW.minusMillis(100)).encode(),
				new AcceptLagReport(900, NOW.minusMillis(2900)).encode(),
				new AcceptLagReport(50_000, NOW.minusMillis(3500)).encode(), "garbage");
		assertThat(AcceptLagReport.largestFresh(values, NOW)).hasValue(900);
	}

	@Test
	void knowsNoLagWhenNoReportIsFresh() {
		assertThat(AcceptLagReport.largestFresh(List.of(), NOW)).isEmpty();
		assertThat(AcceptLagReport.largestFresh(List.of(new AcceptLagReport(5, NOW.minusSeconds(4)).encode()), NOW))
			.isEmpty();
		assertThat(AcceptLagReport.largestFresh(List.of(new AcceptLagReport(0, NOW).encode()), NOW)).hasValue(0);
	}

}
