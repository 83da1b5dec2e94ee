package io.tributary.query.result;

import java.time.Duration;
import java.util.List;

import io.tributary.contract.Forecast;
import io.tributary.contract.pipeline.ForecastSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.query.pipeline.PipelineCatalog;
import io.tributary.query.web.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A key's forecast: the one its newest results carry (processing attaches the key's current
 * forecast to every result it emits), with a plain answer while the model is still learning.
 */
@RestController
@RequestMapping(path = "/api/v1/pipelines/{pipeline}/keys/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
class ForecastController {

	/** Most newest results read to find the latest forecast (hopping windows keep several open at once). */
	private static final int MAX_RESULTS_READ = 64;

	private final PipelineCatalog catalog;

	private final ResultReader reader;

	ForecastController(PipelineCatalog catalog, ResultReader reader) {
		this.catalog = catalog;
		this.reader = reader;
	}

	@GetMapping("/forecast")
	ForecastView forecast(@PathVariable String pipeline, @PathVariable String key) {
		PipelineDefinition definition = this.catalog.pipeline(pipeline);
		ForecastSpec spec = definition.forecast();
		if (spec == null) {
			throw new NotFoundException("Pipeline '" + pipeline + "' declares no forecast");
		}
		if (!this.reader.keyExists(pipeline, key)) {
			throw new NotFoundException("Pipeline '" + pipeline + "' has no key '" + key + "'");
		}
		Forecast forecast = this.reader.newestForecast(pipeline, key, resultsToRead(definition)).orElse(null);
		if (forecast == null) {
			return new ForecastView(pipeline, key, spec.metric(), spec.method().text(), spec.confidence(), 0, null,
					false, "No forecast yet: key '" + key + "' has no final window the forecast has learned from",
					List.of());
		}
		boolean ready = !forecast.points().isEmpty();
		String detail = ready ? null
				: "Not enough history yet: the forecast has learned from " + forecast.learnedFrom() + " of the "
						+ forecast.warmUp() + " windows it needs";
		return new ForecastView(pipeline, key, forecast.metric(), forecast.method(), forecast.confidence(),
				forecast.learnedFrom(), forecast.warmUp(), ready, detail, forecast.points());
	}

	/** The windows of a key that can be open at once, and one more: the newest forecast is on one of them. */
	private static int resultsToRead(PipelineDefinition definition) {
		Duration size = definition.window().size();
		Duration slide = definition.windowSlide();
		if (size == null || slide == null || slide.isZero()) {
			return 2;
		}
		return (int) Math.min(MAX_RESULTS_READ, size.toMillis() / slide.toMillis() + 2);
	}

	/**
	 * @param learnedFrom windows the model learned from
	 * @param warmUp      windows it needs before it forecasts; null when unknown (no result has a forecast yet)
	 * @param ready       whether it forecasts: {@code points} holds the next windows
	 * @param detail      why there are no points, when there are none
	 */
	record ForecastView(String pipeline, String key, String metric, String method, double confidence,
			long learnedFrom, @Nullable Long warmUp, boolean ready, @Nullable String detail,
			List<Forecast.Point> points) {
	}

}
