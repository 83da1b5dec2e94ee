package io.tributary.storage.consume;

import java.util.Map;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.storage.store.StoreOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics as Prometheus scrapes them: names and tags written out by hand. */
class StorageMetricsTests {

	@Test
	void countsResultsDroppedAsOlderThanTheRetentionPerPipeline() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		StorageMetrics metrics = new StorageMetrics(registry);

		metrics.stored(new StoreOutcome(0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of("views", 2, "clicks", 1)), 0);
		metrics.stored(new StoreOutcome(0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of("views", 2)), 0);

		String scrape = registry.scrape();
		assertThat(scrape).contains("tributary_results_dropped_expired_total{pipeline=\"views\"} 4.0")
			.contains("tributary_results_dropped_expired_total{pipeline=\"clicks\"} 1.0")
			.contains("tributary_storage_results_total{outcome=\"expired\"} 5.0");
	}

}
