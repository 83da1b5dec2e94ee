package io.tributary.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The forecast a window result carries, on the wire: left out when absent, read back when present. */
class ForecastJsonTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	@Test
	void aResultWithoutAForecastIsWrittenAsBeforeAndOlderJsonReadsWithNone() {
		WindowResult plain = new WindowResult("p", "k", START, START.plusSeconds(10), true, 1, Map.of("n", 3L),
				new Counts(3, 0, 0));
		String json = WireFormat.writeString(plain);
		assertThat(json).doesNotContain("forecast");
		String older = "{\"pipeline\":\"p\",\"key\":\"k\",\"windowStart\":\"2026-03-01T10:00:00Z\","
				+ "\"windowEnd\":\"2026-03-01T10:00:10Z\",\"final\":true,\"revision\":1,\"metrics\":{\"n\":3},"
				+ "\"counts\":{\"events\":3,\"late\":0,\"duplicates\":0}}";
		assertThat(WireFormat.read(older, WindowResult.class).forecast()).isNull();
	}

	@Test
	void aForecastRoundTripsAndSurvivesServing() {
		Forecast forecast = new Forecast("n", "holt-winters", 0.95, 60, 58,
				List.of(new Forecast.Point(START.plusSeconds(10), START.plusSeconds(20), 4.5, 2.25, 6.75)));
		WindowResult result = new WindowResult("p", "k", START, START.plusSeconds(10), true, 1, 1, Map.of("n", 3L),
				new Counts(3, 0, 0), Map.of("n", 3L), forecast);
		WindowResult read = WireFormat.read(WireFormat.writeString(result), WindowResult.class);
		assertThat(read.forecast()).isEqualTo(forecast);
		assertThat(read.withoutState().forecast()).isEqualTo(forecast);
		assertThat(read.withCounts(new Counts(3, 1, 0)).forecast()).isEqualTo(forecast);
	}

}
