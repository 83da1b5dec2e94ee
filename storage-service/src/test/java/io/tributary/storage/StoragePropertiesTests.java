package io.tributary.storage;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.FeedEntryType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StoragePropertiesTests {

	@Test
	void publishesFinalResultsRetractionsAndAlertsByDefault() {
		StorageProperties.ResultsOut out = bind(Map.of()).storage().resultsOut();

		assertThat(out.enabled()).isTrue();
		assertThat(out.types()).containsExactlyInAnyOrder(FeedEntryType.RESULT, FeedEntryType.RETRACTION,
				FeedEntryType.ALERT);
		assertThat(out.nonFinal()).isFalse();
		assertThat(out.confirmTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void takesTheTypesAsWritten() {
		StorageProperties.ResultsOut out = bind(
				Map.of("tributary.storage.results-out.types", "alert", "tributary.storage.results-out.non-final", "true"))
			.storage()
			.resultsOut();

		assertThat(out.types()).containsExactly(FeedEntryType.ALERT);
		assertThat(out.nonFinal()).isTrue();
	}

	@Test
	void refusesLateCountsAsAType() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StorageProperties.ResultsOut(true, Set.of(FeedEntryType.LATE), false,
					Duration.ofSeconds(1), 1))
			.withMessageContaining("tributary.storage.results-out.types takes result, retraction and alert");
	}

	private static StorageProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("tributary", StorageProperties.class);
	}

}
