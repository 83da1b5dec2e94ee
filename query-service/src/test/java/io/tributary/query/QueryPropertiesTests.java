package io.tributary.query;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The query settings bind from the property names operations.md documents, with its defaults. */
class QueryPropertiesTests {

	@Test
	void liveStreamSettingsHaveTheDocumentedDefaults() {
		QueryProperties.Live live = bind(Map.of()).live();

		assertThat(live.pollInterval()).isEqualTo(Duration.ofMillis(200));
		assertThat(live.heartbeat()).isEqualTo(Duration.ofSeconds(15));
		assertThat(live.timeout()).isEqualTo(Duration.ofMinutes(10));
		assertThat(live.maxStreams()).isEqualTo(256);
	}

	@Test
	void liveStreamSettingsBindFromTheirKebabCaseNames() {
		QueryProperties.Live live = bind(Map.of("tributary.live.poll-interval", "50ms", "tributary.live.heartbeat", "3s",
				"tributary.live.timeout", "1h", "tributary.live.max-streams", "7"))
			.live();

		assertThat(live.pollInterval()).isEqualTo(Duration.ofMillis(50));
		assertThat(live.heartbeat()).isEqualTo(Duration.ofSeconds(3));
		assertThat(live.timeout()).isEqualTo(Duration.ofHours(1));
		assertThat(live.maxStreams()).isEqualTo(7);
	}

	@Test
	void aPollIntervalThatIsNotPositiveIsRefusedByName() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("tributary.live.poll-interval", "0s")))
			.havingRootCause()
			.withMessageContaining("tributary.live.poll-interval must be positive");
	}

	private static QueryProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("tributary", QueryProperties.class);
	}

}
