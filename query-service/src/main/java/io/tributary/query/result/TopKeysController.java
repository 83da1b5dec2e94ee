package io.tributary.query.result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WindowSpec;
import io.tributary.query.QueryProperties;
import io.tributary.query.pipeline.PipelineCatalog;
import io.tributary.query.web.InvalidParameterException;
import io.tributary.query.web.RequestParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The keys of a pipeline ranked by one metric over a time range: each key's windows in the range
 * rolled up (as {@code /keys/{key}/rollup} does), then ordered by the metric, largest first.
 */
@RestController
@RequestMapping(path = "/api/v1/pipelines/{pipeline}", produces = MediaType.APPLICATION_JSON_VALUE)
class TopKeysController {

	/** Metrics that are not one number per window, so cannot rank keys. */
	private static final List<String> NOT_RANKABLE = List.of("top", "first", "last");

	private final PipelineCatalog catalog;

	private final ResultReader reader;

	private final QueryProperties properties;

	TopKeysController(PipelineCatalog catalog, ResultReader reader, QueryProperties properties) {
		this.catalog = catalog;
		this.reader = reader;
		this.properties = properties;
	}

	@GetMapping("/top")
	TopKeys top(@PathVariable String pipeline, @RequestParam(required = false) @Nullable String metric,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String n) {
		PipelineDefinition definition = this.catalog.pipeline(pipeline);
		String name = RequestParameters.required("metric", metric);
		boolean selected = definition.select().stream().anyMatch((s) -> s.name().equals(name));
		AggregateSpec spec = definition.aggregates()
			.stream()
			.filter((a) -> a.name().equals(name))
			.findFirst()
			.orElse(null);
		if (spec == null && !selected) {
			List<String> names = new java.util.ArrayList<>(definition.aggregates().stream().map(AggregateSpec::name).toList());
			definition.select().forEach((s) -> names.add(s.name()));
			throw new InvalidParameterException("metric",
					"pipeline '" + pipeline + "' has no metric '" + name + "'; it has " + names);
		}
		// a select field ranks by its value over the rolled-up metrics, where that is a number
		if (spec != null && (NOT_RANKABLE.contains(spec.function())
				|| ("quantile".equals(spec.function()) && spec.params().size() > 1))) {
			throw new InvalidParameterException("metric", "'" + name + "' is " + spec.function()
					+ ", not a single number per key: rank by a count, sum, min, max, avg, stddev, distinct or single quantile");
		}
		if (definition.window().type() == WindowSpec.Type.HOPPING) {
			throw new InvalidParameterException("pipeline", "'" + pipeline + "' has hopping windows, which overlap: "
					+ "ranking would count each event once per window it is in");
		}
		int size = RequestParameters.limit(n, 10, this.properties.maxLimit());
		TimeRange range = TimeRange.parse(from, to);
		int maxKeys = this.properties.maxLimit() * 10;
		List<String> keys = this.reader.keysWithWindowsSince(pipeline, range.fromInclusive(), maxKeys);
		if (keys.size() > maxKeys) {
			throw new InvalidParameterException("from", "more than " + maxKeys + " keys have windows in the range: "
					+ "narrow 'from'");
		}
		List<TopKey> ranked = new ArrayList<>();
		for (String key : keys) {
			rank(definition, name, key, range).ifPresent(ranked::add);
		}
		ranked.sort(Comparator.comparingDouble((TopKey k) -> k.value().doubleValue())
			.reversed()
			.thenComparing(TopKey::key));
		return new TopKeys(pipeline, name, (from == null) ? null : Instant.ofEpochMilli(range.fromInclusive()),
				(to == null) ? null : Instant.ofEpochMilli(range.toInclusive() + 1),
				List.copyOf(ranked.subList(0, Math.min(size, ranked.size()))), ranked.size());
	}

	/** The key's metric rolled up over the range, if it has windows there and the metric has a value. */
	private Optional<TopKey> rank(PipelineDefinition definition, String metric, String key, TimeRange range) {
		Rollup rollup = this.reader.rollup(definition, key, range, this.properties.maxLimit(),
				this.properties.maxRollupWindows(), null);
		if (rollup.windows() == 0) {
			return Optional.empty();
		}
		Rollup.RollupView view = rollup.view(key, null, null);
		return (view.metrics().get(metric) instanceof Number value)
				? Optional.of(new TopKey(key, value, view.windows(), view.allFinal())) : Optional.empty();
	}

	/**
	 * @param keys how many keys had a value for the metric in the range
	 */
	record TopKeys(String pipeline, String metric, @Nullable Instant from, @Nullable Instant to, List<TopKey> items,
			int keys) {
	}

	/** A key's rolled-up metric, over how many windows, and whether all of them were final. */
	record TopKey(String key, Number value, long windows, boolean allFinal) {
	}

}
