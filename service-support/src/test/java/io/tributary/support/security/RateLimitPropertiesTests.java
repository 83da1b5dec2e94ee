package io.tributary.support.security;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

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
