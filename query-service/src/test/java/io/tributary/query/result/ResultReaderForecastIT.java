package io.tributary.query.result;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Counts;
import io.tributary.contract.Forecast;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.SharedRedisTemplate;
import io.tributary.testsupport.TestInfrastructure;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newest forecast of a key, read from the real Redis layout storage writes results in: among
 * the newest results, the forecast learned from the most windows; none from results without one.
 */
class ResultReaderForecastIT {

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private final String ns = TestInfrastructure.newNamespace("forecast-it");

	private final RedisKeys keys = new RedisKeys(this.ns);

	private SharedRedisTemplate connection;

	private StringRedisTemplate redis;

	private ResultReader reader;

	@BeforeEach
	void connect() {
		this.connection = SharedRedisTemplate.connect(this.ns);
		this.redis = this.connection.redis();
		this.reader = new ResultReader(this.redis, this.keys);
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	private void store(int window, @Nullable Forecast forecast) {
		Instant start = T0.plusSeconds(3600L * window);
		WindowResult result = new WindowResult("p", "k", start, start.plusSeconds(3600), true, 1, 1,
				Map.of("views", 10L), new Counts(10, 0, 0), null, forecast);
		this.redis.opsForHash()
			.put(this.keys.results("p", "k"), Long.toString(start.toEpochMilli()), WireFormat.writeString(result));
		this.redis.opsForZSet()
			.add(this.keys.resultIndex("p", "k"), Long.toString(start.toEpochMilli()), start.toEpochMilli());
	}

	private static Forecast learnedFrom(long windows) {
		return new Forecast("views", "holt", 0.95, windows, 20,
				List.of(new Forecast.Point(T0, T0.plusSeconds(3600), 1.5, 0.5, 2.5)));
	}

	@Test
	void theForecastLearnedFromTheMostWindowsAmongTheNewestWins() {
		assertThat(this.reader.newestForecast("p", "k", 3)).isEmpty();
		store(0, null);
		assertThat(this.reader.newestForecast("p", "k", 3)).as("results from before forecasts").isEmpty();
		store(1, learnedFrom(30));
		// window 3 is open: its interim result was emitted before window 2 fired and learned
		store(2, learnedFrom(32));
		store(3, learnedFrom(31));
		assertThat(this.reader.newestForecast("p", "k", 3)).contains(learnedFrom(32));
		assertThat(this.reader.newestForecast("p", "k", 1)).contains(learnedFrom(31));
	}

}
