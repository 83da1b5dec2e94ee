package io.tributary.query.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.Durations;
import io.tributary.contract.pipeline.FirstSeenSpec;
import io.tributary.contract.pipeline.ForecastSpec;
import io.tributary.contract.pipeline.GraphSpec;
import io.tributary.contract.pipeline.NotifyTarget;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WindowSpec;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline definition as JSON that reads like the YAML the user wrote: the same property names,
 * durations like {@code 10s}, expressions as their text and aggregations as {@code fn(field)}.
 */
record DefinitionView(String source, @Nullable String filter, List<EnrichView> enrich,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> let, @JsonProperty("key-by") String keyBy, WindowView window, WatermarkView watermark,
		Map<String, String> aggregate, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> select,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, AlertView> alerts,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ForecastView forecast,
		@JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("first-seen") @Nullable FirstSeenView firstSeen,
		EmitView emit, String retention, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable GraphView graph) {

	static DefinitionView of(PipelineDefinition p) {
		Map<String, String> aggregate = new LinkedHashMap<>();
		for (AggregateSpec a : p.aggregates()) {
			aggregate.put(a.name(), call(a));
		}
		WindowSpec w = p.window();
		return new DefinitionView(p.source(), p.filter() == null ? null : p.filter().text(),
				p.enrich().stream().map((e) -> new EnrichView(e.lookup(), e.key().text(), e.as())).toList(), lets(p),
				p.keyBy().text(),
				new WindowView(w.type().name().toLowerCase(Locale.ROOT), human(w.size()), human(w.slide()),
						human(w.gap()), Durations.format(w.allowedLateness())),
				new WatermarkView(Durations.format(p.watermark().maxOutOfOrderness()),
						Durations.format(p.watermark().idleTimeout())),
				aggregate, selects(p), alerts(p), forecast(p), firstSeen(p), new EmitView(human(p.emit().every()), p.emit().onFinal()),
				Durations.format(p.retention()), graph(p));
	}

	private static @Nullable GraphView graph(PipelineDefinition p) {
		GraphSpec g = p.graph();
		return (g == null) ? null : new GraphView(g.from(), g.to(), g.weight(), g.topNeighbours(), g.largestComponents());
	}

	private static Map<String, String> lets(PipelineDefinition p) {
		Map<String, String> lets = new LinkedHashMap<>();
		p.let().forEach((l) -> lets.put(l.name(), l.expression().text()));
		return lets;
	}

	private static Map<String, String> selects(PipelineDefinition p) {
		Map<String, String> selects = new LinkedHashMap<>();
		p.select().forEach((s) -> selects.put(s.name(), s.expression().text()));
		return selects;
	}

	private static Map<String, AlertView> alerts(PipelineDefinition p) {
		Map<String, AlertView> alerts = new LinkedHashMap<>();
		for (AlertRule r : p.alerts()) {
			boolean anomaly = r.kind() == AlertRule.Kind.ANOMALY;
			boolean forecast = r.kind() == AlertRule.Kind.FORECAST;
			boolean judged = anomaly || forecast;
			alerts.put(r.name(), new AlertView(r.when() == null ? null : r.when().text(), anomaly ? r.metric() : null,
					forecast ? r.metric() : null, judged ? r.sensitivity() : null, judged ? r.warmUp() : null,
					anomaly ? r.smoothing() : null, judged ? r.direction().name().toLowerCase(Locale.ROOT) : null,
					r.severity().text(),
					Durations.format(r.resolveAfter() != null ? r.resolveAfter() : p.windowLength()),
					r.condition(), notify(r)));
		}
		return alerts;
	}

	private static @Nullable ForecastView forecast(PipelineDefinition p) {
		ForecastSpec f = p.forecast();
		if (f == null) {
			return null;
		}
		return new ForecastView(f.metric(), f.method().text(), human(f.season()), f.horizon(), f.confidence(),
				new SmoothingView(f.level(), f.trend(), (f.season() != null) ? f.seasonal() : null));
	}

	private static @Nullable FirstSeenView firstSeen(PipelineDefinition p) {
		FirstSeenSpec s = p.firstSeen();
		return (s == null) ? null
				: new FirstSeenView(Durations.format(s.horizon()), s.falsePositiveRate(), s.expectedValues());
	}

	/** The names of the rule's notification targets; null (left out) when it has none. */
	private static @Nullable List<String> notify(AlertRule rule) {
		return rule.notifyTargets().isEmpty() ? null : rule.notifyTargets().stream().map(NotifyTarget::name).toList();
	}

	private static String call(AggregateSpec a) {
		if (a.field() == null) {
			return a.function();
		}
		StringBuilder text = new StringBuilder(a.function()).append('(').append(a.field());
		for (double param : a.params()) {
			text.append(", ").append(param == Math.rint(param) && !Double.isInfinite(param)
					? String.valueOf((long) param) : String.valueOf(param));
		}
		return text.append(')').toString();
	}

	private static @Nullable String human(@Nullable Duration duration) {
		return duration == null ? null : Durations.format(duration);
	}

	record EnrichView(String lookup, String key, String as) {
	}

	/**
	 * An alert rule with its defaults filled in, and its condition in words.
	 *
	 * @param notifyTargets the names of its notification targets (their URLs are storage's configuration)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record AlertView(@Nullable String when, @JsonProperty("anomaly") @Nullable String metric,
			@Nullable String forecast, @Nullable Double sensitivity, @JsonProperty("warm-up") @Nullable Integer warmUp,
			@Nullable Double smoothing, @Nullable String direction, String severity,
			@JsonProperty("resolve-after") String resolveAfter, String condition, @JsonProperty("notify") @Nullable List<String> notifyTargets) {
	}

	/** The graph with its defaults filled in. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record GraphView(String from, String to, @Nullable String weight,
			@JsonProperty("top-neighbours") int topNeighbours,
			@JsonProperty("largest-components") int largestComponents) {
	}

	/** The forecast with its defaults filled in. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ForecastView(String metric, String method, @Nullable String season, int horizon, double confidence,
			SmoothingView smoothing) {
	}

	/** The first-seen section with its defaults filled in. */
	record FirstSeenView(String horizon, @JsonProperty("false-positive-rate") double falsePositiveRate,
			@JsonProperty("expected-values") long expectedValues) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SmoothingView(double level, double trend, @Nullable Double seasonal) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record WindowView(String type, @Nullable String size, @Nullable String slide, @Nullable String gap,
			@JsonProperty("allowed-lateness") String allowedLateness) {
	}

	record WatermarkView(@JsonProperty("max-out-of-orderness") String maxOutOfOrderness,
			@JsonProperty("idle-timeout") String idleTimeout) {
	}

	record EmitView(@Nullable String every, @JsonProperty("final") boolean onFinal) {
	}

}
