package io.tributary.support.security;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate-limit settings bind from the names operations.md documents, with its defaults. */
class RateLimitPropertiesTests {

	@Test
	void theDefaultsAreTheDocumentedOnes() {
		RateLimitProperties properties = bind(Map.of());
		assertThat(properties.enabled()).isTrue();
		assertThat(properties.forKey("anyone"))
			.isEqualTo(new RateLimitProperties.Limit(100, Duration.ofSeconds(1), 1000));
		assertThat(properties.forStream("clicks"))
			.isEqualTo(new RateLimitProperties.Limit(1000, Duration.ofSeconds(1), 5000));
		assertThat(properties.liveStreamsFor("anyone")).isEqualTo(10);
	}

	@Test
	void whatAKeysOwnLimitLeavesUnsetIsTheDefaultKeysAndItMayHaveItsOwnLiveStreams() {
		RateLimitProperties properties = bind(Map.of("tributary.rate-limits.per-key.requests", "20",
				"tributary.rate-limits.per-key.burst", "50", "tributary.rate-limits.live-streams-per-key", "3",
				"tributary.rate-limits.keys.bench.requests", "100000", "tributary.rate-limits.keys.dashboard.live-streams",
				"40"));
		// burst below the rate is raised to it
		assertThat(properties.forKey("bench")).isEqualTo(new RateLimitProperties.Limit(100000, Duration.ofSeconds(1), 100000));
		assertThat(properties.liveStreamsFor("bench")).isEqualTo(3);
		assertThat(properties.forKey("dashboard")).isEqualTo(new RateLimitProperties.Limit(20, Duration.ofSeconds(1), 50));
		assertThat(properties.liveStreamsFor("dashboard")).isEqualTo(40);
		assertThat(properties.liveStreamsFor("other")).isEqualTo(3);
	}

	@Test
	void aLiveStreamLimitBelowOneIsRefused() {
		assertThatThrownBy(() -> bind(Map.of("tributary.rate-limits.live-streams-per-key", "0")))
			.rootCause()
			.hasMessageContaining("tributary.rate-limits.live-streams-per-key must be at least 1");
		assertThatThrownBy(() -> bind(Map.of("tributary.rate-limits.keys.x.live-streams", "0")))
			.rootCause()
			.hasMessageContaining("tributary.rate-limits.keys.x.live-streams must be at least 1");
	}

	@Test
	void aKeyAndAStreamCanHaveTheirOwnLimits() {
		RateLimitProperties properties = bind(Map.of("tributary.rate-limits.keys.billing-publisher.requests", "5",
				"tributary.rate-limits.keys.billing-publisher.period", "1m",
				"tributary.rate-limits.keys.billing-publisher.burst", "2", "tributary.rate-limits.streams.orders.requests",
				"7", "tributary.rate-limits.per-key.requests", "20"));
		// a burst below the rate is raised to it
		assertThat(properties.forKey("billing-publisher"))
			.isEqualTo(new RateLimitProperties.Limit(5, Duration.ofMinutes(1), 5));
		assertThat(properties.forKey("other")).isEqualTo(new RateLimitProperties.Limit(20, Duration.ofSeconds(1), 1000));
		assertThat(properties.forStream("orders")).isEqualTo(new RateLimitProperties.Limit(7, Duration.ofSeconds(1), 1000));
		assertThat(properties.forStream("clicks")).isEqualTo(RateLimitProperties.DEFAULT_PER_STREAM);
	}

	private static RateLimitProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("tributary.rate-limits",
				RateLimitProperties.class);
	}

}
