package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a pipeline's {@code forecast}: the metric, the method, the season (a whole multiple of the
 * window's slide, holt-winters only), the horizon, the confidence and the optional smoothing.
 */
final class ForecastParser {

	private static final Set<String> PROPERTIES = Set.of("metric", "method", "season", "horizon", "confidence",
			"smoothing");

	private static final Set<String> SMOOTHING = Set.of("level", "trend", "seasonal");

	private final YamlNodes nodes;

	ForecastParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/**
	 * The forecast over one of these metric names (aggregations and selects) of a pipeline with this
	 * window (null when the window is wrong); null when absent or wrong.
	 */
	@Nullable ForecastSpec parse(@Nullable Node node, String path, List<String> metricNames,
			@Nullable WindowSpec window) {
		if (node == null) {
			return null;
		}
		Map<String, Node> m = this.nodes.mapping(node, path, PROPERTIES);
		if (m == null) {
			return null;
		}
		int before = this.nodes.problemCount();
		String metric = this.nodes.required(m, node, path, "metric");
		if (metric != null && !metricNames.contains(metric)) {
			this.nodes.problem(m.get("metric"), path + ".metric",
					"unknown metric '" + metric + "'; this pipeline's metrics: " + metricNames);
		}
		Node methodNode = m.get("method");
		ForecastSpec.Method method = method(methodNode, path + ".method", m.containsKey("season"));
		Duration season = null;
		if (method == ForecastSpec.Method.HOLT_WINTERS) {
			season = season(m.get("season"), node, path, window);
		}
		else if (method == ForecastSpec.Method.HOLT && m.containsKey("season")) {
			this.nodes.problem(m.get("season"), path + ".season",
					"holt forecasts level and trend only; use method: holt-winters for a season");
		}
		if (window != null && window.type() == WindowSpec.Type.SESSION) {
			this.nodes.problem(node, path, "session windows have no regular series to forecast; "
					+ "use tumbling or hopping windows");
		}
		double horizon = this.nodes.number(m.get("horizon"), path + ".horizon", ForecastSpec.DEFAULT_HORIZON, 1,
				ForecastSpec.MAX_HORIZON, "a whole number of windows from 1 to " + ForecastSpec.MAX_HORIZON);
		if (horizon != Math.rint(horizon)) {
			this.nodes.problem(m.get("horizon"), path + ".horizon", "must be a whole number of windows");
		}
		double confidence = this.nodes.number(m.get("confidence"), path + ".confidence",
				ForecastSpec.DEFAULT_CONFIDENCE, 0.5, 0.9999, "from 0.5 to 0.9999 (the interval's coverage)");
		double level = ForecastSpec.DEFAULT_LEVEL;
		double trend = ForecastSpec.DEFAULT_TREND;
		double seasonal = ForecastSpec.DEFAULT_SEASONAL;
		Node smoothingNode = m.get("smoothing");
		if (smoothingNode != null) {
			String where = path + ".smoothing";
			Map<String, Node> s = this.nodes.mapping(smoothingNode, where, SMOOTHING);
			if (s != null) {
				level = this.nodes.number(s.get("level"), where + ".level", level, 0.001, 0.999,
						"from 0.001 to 0.999 (alpha: the weight of the newest error in the level)");
				trend = this.nodes.number(s.get("trend"), where + ".trend", trend, 0.0001, 0.999,
						"from 0.0001 to 0.999 (beta: the weight of the newest error in the trend)");
				seasonal = this.nodes.number(s.get("seasonal"), where + ".seasonal", seasonal, 0.001, 0.999,
						"from 0.001 to 0.999 (gamma: the weight of the newest error in the season)");
				if (trend > level) {
					this.nodes.problem(s.containsKey("trend") ? s.get("trend") : smoothingNode, where + ".trend",
							"must not exceed level (" + level + "), or the trend would overreact");
				}
				if (method == ForecastSpec.Method.HOLT_WINTERS && seasonal > 1 - level) {
					this.nodes.problem(s.containsKey("seasonal") ? s.get("seasonal") : smoothingNode,
							where + ".seasonal", "must not exceed 1 - level (" + (1 - level) + ")");
				}
				if (method == ForecastSpec.Method.HOLT && s.containsKey("seasonal")) {
					this.nodes.problem(s.get("seasonal"), where + ".seasonal", "holt has no season to smooth");
				}
			}
		}
		if (this.nodes.problemCount() > before || metric == null || method == null
				|| (method == ForecastSpec.Method.HOLT_WINTERS && season == null)) {
			return null;
		}
		return new ForecastSpec(metric, method, season, (int) horizon, confidence, level, trend, seasonal,
				this.nodes.where(node, path));
	}

	private ForecastSpec.@Nullable Method method(@Nullable Node node, String path, boolean hasSeason) {
		if (node == null) {
			return hasSeason ? ForecastSpec.Method.HOLT_WINTERS : ForecastSpec.Method.HOLT;
		}
		String text = this.nodes.scalar(node, path);
		if (text == null) {
			return null;
		}
		for (ForecastSpec.Method method : ForecastSpec.Method.values()) {
			if (method.text().equals(text.trim())) {
				return method;
			}
		}
		this.nodes.problem(node, path, "unknown method '" + text + "'; methods: holt, holt-winters");
		return null;
	}

	/** A holt-winters season: required, a whole multiple of the slide, not too many windows. */
	private @Nullable Duration season(@Nullable Node node, Node parent, String path, @Nullable WindowSpec window) {
		if (node == null) {
			this.nodes.problem(parent, path, "holt-winters needs 'season' (e.g. season: 24h)");
			return null;
		}
		Duration season = this.nodes.positiveDuration(node, path + ".season");
		if (season == null || window == null || window.type() == WindowSpec.Type.SESSION) {
			return season;
		}
		Duration slide = (window.type() == WindowSpec.Type.HOPPING) ? window.slide() : window.size();
		if (slide == null || slide.isZero()) {
			return season;
		}
		long slideMillis = slide.toMillis();
		long seasonMillis = season.toMillis();
		if (seasonMillis % slideMillis != 0 || seasonMillis / slideMillis < 2) {
			this.nodes.problem(node, path + ".season", "must be a whole multiple (at least twice) of the window's "
					+ (window.type() == WindowSpec.Type.HOPPING ? "slide" : "size") + " (" + Durations.format(slide)
					+ "), got " + Durations.format(season));
			return null;
		}
		if (seasonMillis / slideMillis > ForecastSpec.MAX_SEASON_WINDOWS) {
			this.nodes.problem(node, path + ".season", "spans " + seasonMillis / slideMillis + " windows; at most "
					+ ForecastSpec.MAX_SEASON_WINDOWS + " (one seasonal component per window): use longer windows");
			return null;
		}
		return season;
	}

}
