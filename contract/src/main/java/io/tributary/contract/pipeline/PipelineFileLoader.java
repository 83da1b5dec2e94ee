package io.tributary.contract.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads and validates a pipeline file. Every problem is reported with its place in the file
 * ({@code file:line:column: path: reason}); nothing half-valid is returned.
 */
public final class PipelineFileLoader {

	/** The most windows a hopping window puts one event in (size / slide). */
	static final int MAX_WINDOWS_PER_EVENT = PipelineLimits.MAX_WINDOWS_PER_EVENT;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	private static final Pattern CALL = Pattern.compile("([a-z_]+)\\s*(?:\\((.*)\\))?");

	private final String source;

	private final @Nullable Path baseDir;

	private final List<String> problems = new ArrayList<>();

	private PipelineFileLoader(String source, @Nullable Path baseDir) {
		this.source = source;
		this.baseDir = baseDir;
	}

	public static PipelineFile load(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new PipelineFileException(file.toString(), List.of(file + ": cannot read: " + ex.getMessage()));
		}
		Path parent = file.toAbsolutePath().getParent();
		return new PipelineFileLoader(file.toString(), parent).parse(new StringReader(text));
	}

	/** Loads YAML text; relative schema paths resolve against {@code baseDir} (may be null). */
	public static PipelineFile load(String source, String yaml, @Nullable Path baseDir) {
		return new PipelineFileLoader(source, baseDir).parse(new StringReader(yaml));
	}

	private PipelineFile parse(Reader reader) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(10);
		Node root;
		try {
			root = new Yaml(options).compose(reader);
		}
		catch (MarkedYAMLException ex) {
			Mark mark = ex.getProblemMark() != null ? ex.getProblemMark() : ex.getContextMark();
			String where = mark != null ? this.source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)
					: this.source;
			throw new PipelineFileException(this.source,
					List.of(where + ": not valid YAML: " + ex.getProblem() + context(ex)));
		}
		catch (RuntimeException ex) {
			throw new PipelineFileException(this.source, List.of(this.source + ": not valid YAML: " + ex.getMessage()));
		}
		if (root == null) {
			throw new PipelineFileException(this.source, List.of(this.source + ": the file is empty"));
		}
		Map<String, StreamDefinition> streams = new LinkedHashMap<>();
		Map<String, LookupDefinition> lookups = new LinkedHashMap<>();
		Map<String, PipelineDefinition> pipelines = new LinkedHashMap<>();
		Map<String, Node> top = mapping(root, "", Set.of("streams", "lookups", "pipelines"));
		if (top != null) {
			Node streamsNode = top.get("streams");
			if (streamsNode != null) {
				entries(streamsNode, "streams").forEach((name, node) -> {
					StreamDefinition s = stream(name, node);
					if (s != null) {
						streams.put(name, s);
					}
				});
			}
			Node lookupsNode = top.get("lookups");
			if (lookupsNode != null) {
				entries(lookupsNode, "lookups").forEach((name, node) -> {
					mappingOrEmpty(node, "lookups." + name, Set.of());
					lookups.put(name, new LookupDefinition(name));
				});
			}
			Node pipelinesNode = top.get("pipelines");
			if (pipelinesNode == null) {
				problem(root, "", "the file declares no pipelines (a top-level 'pipelines:' is required)");
			}
			else {
				entries(pipelinesNode, "pipelines").forEach((name, node) -> {
					PipelineDefinition p = pipeline(name, node, streams, lookups);
					if (p != null) {
						pipelines.put(name, p);
					}
				});
			}
		}
		if (!this.problems.isEmpty()) {
			throw new PipelineFileException(this.source, this.problems);
		}
		return new PipelineFile(this.source, streams, lookups, pipelines);
	}

	private static String context(MarkedYAMLException ex) {
		return ex.getContext() != null ? " (" + ex.getContext() + ")" : "";
	}

	// --- streams --------------------------------------------------------------------------------------

	private @Nullable StreamDefinition stream(String name, Node node) {
		String path = "streams." + name;
		Map<String, Node> m = mappingOrEmpty(node, path, Set.of("time-field", "id-field", "schema"));
		if (m == null) {
			return null;
		}
		String timeField = field(m.get("time-field"), path + ".time-field");
		String idField = field(m.get("id-field"), path + ".id-field");
		Path schema = null;
		Node schemaNode = m.get("schema");
		if (schemaNode != null) {
			String text = scalar(schemaNode, path + ".schema");
			if (text != null) {
				Path p = Path.of(text);
				if (!p.isAbsolute() && this.baseDir != null) {
					p = this.baseDir.resolve(p);
				}
				if (!Files.isReadable(p)) {
					problem(schemaNode, path + ".schema", "schema file " + p + " does not exist or cannot be read");
				}
				else {
					schema = p.normalize();
				}
			}
		}
		return new StreamDefinition(name, timeField, idField, schema);
	}

	// --- pipelines ------------------------------------------------------------------------------------

	private @Nullable PipelineDefinition pipeline(String name, Node node, Map<String, StreamDefinition> streams,
			Map<String, LookupDefinition> lookups) {
		String path = "pipelines." + name;
		Map<String, Node> m = mapping(node, path, Set.of("source", "filter", "enrich", "let", "key-by", "window",
				"watermark", "aggregate", "select", "alerts", "emit", "retention"));
		if (m == null) {
			return null;
		}
		int before = this.problems.size();
		String source = required(m, node, path, "source");
		if (source != null && !streams.containsKey(source)) {
			problem(m.get("source"), path + ".source",
					"unknown stream '" + source + "'; declared streams: " + streams.keySet());
		}
		Expression filter = expression(m.get("filter"), path + ".filter");
		List<EnrichStep> enrich = new ArrayList<>();
		Node enrichNode = m.get("enrich");
		if (enrichNode != null) {
			if (enrichNode instanceof SequenceNode seq) {
				for (int i = 0; i < seq.getValue().size(); i++) {
					EnrichStep step = enrichStep(seq.getValue().get(i), path + ".enrich[" + i + "]", lookups);
					if (step != null) {
						enrich.add(step);
					}
				}
			}
			else {
				problem(enrichNode, path + ".enrich", "expected a list of '- lookup: ..., key: ..., as: ...'");
			}
		}
		List<LetStep> let = lets(m.get("let"), path + ".let", enrich);
		Expression keyBy = null;
		if (m.get("key-by") == null) {
			problem(node, path, "'key-by' is required");
		}
		else {
			keyBy = expression(m.get("key-by"), path + ".key-by");
		}
		WindowSpec window = null;
		if (m.get("window") == null) {
			problem(node, path, "'window' is required");
		}
		else {
			window = window(m.get("window"), path + ".window");
		}
		WatermarkSpec watermark = m.get("watermark") == null ? WatermarkSpec.DEFAULT
				: watermark(m.get("watermark"), path + ".watermark");
		List<AggregateSpec> aggregates = new ArrayList<>();
		Node aggNode = m.get("aggregate");
		if (aggNode == null) {
			problem(node, path, "'aggregate' is required (e.g. 'aggregate: { views: count }')");
		}
		else {
			entries(aggNode, path + ".aggregate").forEach((metric, n) -> {
				AggregateSpec spec = aggregate(metric, n, path + ".aggregate." + metric);
				if (spec != null) {
					aggregates.add(spec);
				}
			});
			if (aggregates.isEmpty() && before == this.problems.size()) {
				problem(aggNode, path + ".aggregate", "declare at least one aggregation");
			}
		}
		List<String> metricNames = new ArrayList<>(aggregates.stream().map(AggregateSpec::name).toList());
		List<SelectStep> select = selects(m.get("select"), path + ".select", metricNames);
		List<AlertRule> alerts = alerts(m.get("alerts"), path + ".alerts", metricNames);
		EmitSpec emit = m.get("emit") == null ? EmitSpec.DEFAULT : emit(m.get("emit"), path + ".emit");
		Duration retention = m.get("retention") == null ? Duration.ofDays(7)
				: positiveDuration(m.get("retention"), path + ".retention");
		if (this.problems.size() > before || source == null || keyBy == null || window == null || watermark == null
				|| emit == null || retention == null) {
			return null;
		}
		return new PipelineDefinition(name, source, filter, enrich, keyBy, window, watermark, aggregates, emit,
				retention, let, select, alerts);
	}

	/**
	 * {@code select}: result fields computed from the metrics and the selects before them; adds their
	 * names to {@code metricNames}.
	 */
	private List<SelectStep> selects(@Nullable Node node, String path, List<String> metricNames) {
		List<SelectStep> selects = new ArrayList<>();
		if (node == null) {
			return selects;
		}
		entries(node, path).forEach((name, valueNode) -> {
			String where = path + "." + name;
			if (!FIELD.matcher(name).matches() || name.contains(".")) {
				problem(valueNode, where, "'" + name + "' is not a valid metric name (letters, digits, underscore)");
				return;
			}
			if (metricNames.contains(name)) {
				problem(valueNode, where, "'" + name + "' is already the name of an aggregation or an earlier select");
				return;
			}
			Expression expression = metricExpression(valueNode, where, metricNames);
			if (expression != null) {
				selects.add(new SelectStep(name, expression));
				metricNames.add(name);
			}
		});
		return selects;
	}

	private static final Set<String> ALERT_PROPERTIES = Set.of("when", "anomaly", "sensitivity", "warm-up",
			"smoothing", "direction", "severity", "resolve-after");

	/** {@code alerts}: rule name to a threshold ({@code when}) or an anomaly rule ({@code anomaly}). */
	private List<AlertRule> alerts(@Nullable Node node, String path, List<String> metricNames) {
		List<AlertRule> rules = new ArrayList<>();
		if (node == null) {
			return rules;
		}
		entries(node, path).forEach((name, ruleNode) -> {
			String where = path + "." + name;
			if (!NAME.matcher(name).matches()) {
				problem(ruleNode, where, "'" + name + "' is not a valid rule name (letters, digits, '_', '-')");
				return;
			}
			AlertRule rule = alert(name, ruleNode, where, metricNames);
			if (rule != null) {
				rules.add(rule);
			}
		});
		return rules;
	}

	private @Nullable AlertRule alert(String name, Node node, String path, List<String> metricNames) {
		Map<String, Node> m = mapping(node, path, ALERT_PROPERTIES);
		if (m == null) {
			return null;
		}
		int before = this.problems.size();
		boolean threshold = m.containsKey("when");
		if (threshold == m.containsKey("anomaly")) {
			problem(node, path, "give either 'when' (a condition over the metrics, e.g. 'views > 1000') or "
					+ "'anomaly' (a metric judged against its key's recent history)");
			return null;
		}
		Expression when = null;
		String metric = null;
		if (threshold) {
			when = metricExpression(m.get("when"), path + ".when", metricNames);
			for (String property : List.of("sensitivity", "warm-up", "smoothing", "direction")) {
				if (m.containsKey(property)) {
					problem(m.get(property), path + "." + property, "'" + property + "' applies to anomaly rules only");
				}
			}
		}
		else {
			metric = scalar(m.get("anomaly"), path + ".anomaly");
			if (metric != null && !metricNames.contains(metric)) {
				problem(m.get("anomaly"), path + ".anomaly",
						"unknown metric '" + metric + "'; this pipeline's metrics: " + metricNames);
			}
		}
		double sensitivity = number(m.get("sensitivity"), path + ".sensitivity", AlertRule.DEFAULT_SENSITIVITY, 0.5,
				100, "from 0.5 to 100 (standard deviations)");
		double warmUp = number(m.get("warm-up"), path + ".warm-up", AlertRule.DEFAULT_WARM_UP, 2, 100_000,
				"a whole number of windows from 2 to 100000");
		if (warmUp != Math.rint(warmUp)) {
			problem(m.get("warm-up"), path + ".warm-up", "must be a whole number of windows");
		}
		double smoothing = number(m.get("smoothing"), path + ".smoothing", AlertRule.DEFAULT_SMOOTHING, 0.001, 1,
				"from 0.001 to 1 (the weight of the newest window)");
		AlertRule.Direction direction = choice(m.get("direction"), path + ".direction", AlertRule.Direction.class,
				AlertRule.Direction.BOTH);
		AlertRule.Severity severity = choice(m.get("severity"), path + ".severity", AlertRule.Severity.class,
				AlertRule.Severity.WARNING);
		Duration resolveAfter = m.get("resolve-after") == null ? null
				: positiveDuration(m.get("resolve-after"), path + ".resolve-after");
		if (this.problems.size() > before || (threshold ? when == null : metric == null) || direction == null
				|| severity == null) {
			return null;
		}
		return new AlertRule(name, threshold ? AlertRule.Kind.THRESHOLD : AlertRule.Kind.ANOMALY, when, metric,
				sensitivity, (int) warmUp, smoothing, direction, severity, resolveAfter, where(node, path));
	}

	/** An expression over the metrics, compiled here so that a typo stops the file at load time. */
	private @Nullable Expression metricExpression(@Nullable Node node, String path, List<String> metricNames) {
		Expression expression = expression(node, path);
		if (expression == null) {
			return null;
		}
		try {
			MetricExpression.compile(expression, metricNames);
		}
		catch (IllegalArgumentException ex) {
			problem(node, path, ex.getMessage());
			return null;
		}
		return expression;
	}

	private double number(@Nullable Node node, String path, double fallback, double min, double max, String range) {
		if (node == null) {
			return fallback;
		}
		String text = scalar(node, path);
		if (text == null) {
			return fallback;
		}
		try {
			double value = Double.parseDouble(text.trim());
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problem(node, path, "'" + text + "' is not " + range);
		return fallback;
	}

	private <E extends Enum<E>> @Nullable E choice(@Nullable Node node, String path, Class<E> type, E fallback) {
		if (node == null) {
			return fallback;
		}
		String text = scalar(node, path);
		if (text == null) {
			return null;
		}
		try {
			return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			List<String> names = java.util.Arrays.stream(type.getEnumConstants())
				.map((e) -> e.name().toLowerCase(Locale.ROOT))
				.toList();
			problem(node, path, "'" + text + "' is not one of " + names);
			return null;
		}
	}

	/** {@code let}: an ordered map of derived field names to expressions. */
	private List<LetStep> lets(@Nullable Node node, String path, List<EnrichStep> enrich) {
		List<LetStep> lets = new ArrayList<>();
		if (node == null) {
			return lets;
		}
		Set<String> taken = new java.util.HashSet<>();
		enrich.forEach((e) -> taken.add(e.as()));
		entries(node, path).forEach((name, valueNode) -> {
			String where = path + "." + name;
			if (!FIELD.matcher(name).matches() || name.contains(".")) {
				problem(valueNode, where, "'" + name + "' is not a valid field name (letters, digits, underscore)");
				return;
			}
			if (!taken.add(name)) {
				problem(valueNode, where, "'" + name + "' is already the name of an enrichment or an earlier let");
				return;
			}
			Expression expression = expression(valueNode, where);
			if (expression != null) {
				lets.add(new LetStep(name, expression));
			}
		});
		return lets;
	}

	private @Nullable EnrichStep enrichStep(Node node, String path, Map<String, LookupDefinition> lookups) {
		Map<String, Node> m = mapping(node, path, Set.of("lookup", "key", "as"));
		if (m == null) {
			return null;
		}
		String lookup = required(m, node, path, "lookup");
		if (lookup != null && !lookups.containsKey(lookup)) {
			problem(m.get("lookup"), path + ".lookup",
					"unknown lookup '" + lookup + "'; declared lookups: " + lookups.keySet());
		}
		Expression key = m.get("key") == null ? null : expression(m.get("key"), path + ".key");
		if (m.get("key") == null) {
			problem(node, path, "'key' is required");
		}
		String as = required(m, node, path, "as");
		if (as != null && !FIELD.matcher(as).matches()) {
			problem(m.get("as"), path + ".as", "'" + as + "' is not a valid field name");
		}
		return lookup == null || key == null || as == null ? null : new EnrichStep(lookup, key, as);
	}

	private @Nullable WindowSpec window(Node node, String path) {
		Map<String, Node> m = mapping(node, path, Set.of("type", "size", "slide", "gap", "allowed-lateness"));
		if (m == null) {
			return null;
		}
		String typeText = required(m, node, path, "type");
		if (typeText == null) {
			return null;
		}
		WindowSpec.Type type;
		try {
			type = WindowSpec.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			problem(m.get("type"), path + ".type", "unknown window type '" + typeText
					+ "'; use tumbling (size), hopping (size, slide) or session (gap)");
			return null;
		}
		List<String> unexpected = switch (type) {
			case TUMBLING -> List.of("slide", "gap");
			case HOPPING -> List.of("gap");
			case SESSION -> List.of("size", "slide");
		};
		for (String name : unexpected) {
			if (m.containsKey(name)) {
				String hint = (type == WindowSpec.Type.SESSION)
						? ": a session lasts from its first event to its last plus 'gap'" : "";
				problem(m.get(name), path + "." + name,
						"'" + name + "' does not apply to a " + typeText + " window" + hint);
			}
		}
		if (type == WindowSpec.Type.SESSION) {
			if (m.get("gap") == null) {
				problem(node, path, "'gap' is required for a session window (the inactivity that ends a session)");
				return null;
			}
			Duration gap = positiveDuration(m.get("gap"), path + ".gap");
			Duration lateness = m.get("allowed-lateness") == null ? Duration.ZERO
					: nonNegativeDuration(m.get("allowed-lateness"), path + ".allowed-lateness");
			return gap == null || lateness == null || m.containsKey("size") || m.containsKey("slide") ? null
					: new WindowSpec(type, null, null, gap, lateness);
		}
		Duration size = m.get("size") == null ? null : positiveDuration(m.get("size"), path + ".size");
		if (m.get("size") == null) {
			problem(node, path, "'size' is required for a " + typeText + " window");
		}
		Duration slide = null;
		if (type == WindowSpec.Type.HOPPING) {
			if (m.get("slide") == null) {
				problem(node, path, "'slide' is required for a hopping window (how far apart windows start)");
				return null;
			}
			slide = positiveDuration(m.get("slide"), path + ".slide");
			if (slide != null && size != null) {
				if (slide.compareTo(size) > 0) {
					problem(m.get("slide"), path + ".slide",
							"must not be longer than 'size': events between windows would belong to none");
					return null;
				}
				if (size.toMillis() / slide.toMillis() > MAX_WINDOWS_PER_EVENT) {
					problem(m.get("slide"), path + ".slide", "puts each event in more than " + MAX_WINDOWS_PER_EVENT
							+ " windows (size / slide); use a longer slide");
					return null;
				}
			}
		}
		Duration lateness = m.get("allowed-lateness") == null ? Duration.ZERO
				: nonNegativeDuration(m.get("allowed-lateness"), path + ".allowed-lateness");
		return size == null || lateness == null || (type == WindowSpec.Type.HOPPING && slide == null) ? null
				: new WindowSpec(type, size, slide, null, lateness);
	}

	private @Nullable WatermarkSpec watermark(Node node, String path) {
		Map<String, Node> m = mapping(node, path, Set.of("max-out-of-orderness", "idle-timeout"));
		if (m == null) {
			return null;
		}
		Duration ooo = m.get("max-out-of-orderness") == null ? WatermarkSpec.DEFAULT.maxOutOfOrderness()
				: nonNegativeDuration(m.get("max-out-of-orderness"), path + ".max-out-of-orderness");
		Duration idle = m.get("idle-timeout") == null ? WatermarkSpec.DEFAULT.idleTimeout()
				: positiveDuration(m.get("idle-timeout"), path + ".idle-timeout");
		return ooo == null || idle == null ? null : new WatermarkSpec(ooo, idle);
	}

	private @Nullable EmitSpec emit(Node node, String path) {
		Map<String, Node> m = mapping(node, path, Set.of("every", "final"));
		if (m == null) {
			return null;
		}
		Duration every = m.get("every") == null ? null : positiveDuration(m.get("every"), path + ".every");
		boolean onFinal = true;
		if (m.get("final") != null) {
			String text = scalar(m.get("final"), path + ".final");
			if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
				onFinal = Boolean.parseBoolean(text);
			}
			else {
				problem(m.get("final"), path + ".final", "expected true or false");
				return null;
			}
		}
		if (!onFinal && every == null && m.get("every") == null) {
			problem(node, path, "with 'final: false' set 'every', or the pipeline never emits a result");
			return null;
		}
		return new EmitSpec(every, onFinal);
	}

	private @Nullable AggregateSpec aggregate(String metric, Node node, String path) {
		if (!FIELD.matcher(metric).matches() || metric.contains(".")) {
			problem(node, path, "'" + metric + "' is not a valid metric name (letters, digits, underscore)");
			return null;
		}
		String text = scalar(node, path);
		if (text == null) {
			return null;
		}
		Matcher call = CALL.matcher(text.trim());
		if (!call.matches()) {
			problem(node, path, "expected 'function' or 'function(field, ...)', e.g. count, sum(price)");
			return null;
		}
		String fn = call.group(1);
		List<String> args = new ArrayList<>();
		if (call.group(2) != null && !call.group(2).isBlank()) {
			for (String a : call.group(2).split(",")) {
				args.add(a.trim());
			}
		}
		Aggregation aggregation = Aggregation.named(fn);
		if (aggregation == null) {
			problem(node, path, "unknown aggregation '" + fn + "'; available: " + Aggregation.available());
			return null;
		}
		if (aggregation == Aggregation.COUNT) {
			if (!args.isEmpty()) {
				problem(node, path, aggregation.usage() + ", got " + args.size());
				return null;
			}
			return new AggregateSpec(metric, fn, null, List.of(), where(node, path));
		}
		String usage = aggregation.usage();
		String got = "; got " + text.trim();
		if (!aggregation.arguments().accepts(args.size())) {
			problem(node, path, usage + got);
			return null;
		}
		String field = args.get(0);
		if (!FIELD.matcher(field).matches()) {
			problem(node, path, "'" + field + "' is not a field name");
			return null;
		}
		Aggregation.Parameter kind = aggregation.arguments().numbers();
		if (kind == null) {
			return new AggregateSpec(metric, fn, field, List.of(), where(node, path));
		}
		List<Double> params = new ArrayList<>();
		for (String p : args.subList(1, args.size())) {
			String wrong = null;
			double value = Double.NaN;
			try {
				value = kind.parse(p);
			}
			catch (NumberFormatException ex) {
				wrong = "'" + p + "' is not " + kind.description();
			}
			String range = wrong == null ? kind.outOfRange(value) : null;
			if (range != null) {
				wrong = p + " " + range;
			}
			if (wrong == null && params.contains(value + 0.0)) {
				wrong = p + " is there twice";
			}
			if (wrong != null) {
				problem(node, path, usage + got + " (" + wrong + ")");
				return null;
			}
			params.add(value + 0.0);
		}
		return new AggregateSpec(metric, fn, field, params, where(node, path));
	}

	// --- helpers --------------------------------------------------------------------------------------

	private @Nullable Expression expression(@Nullable Node node, String path) {
		if (node == null) {
			return null;
		}
		String text = scalar(node, path);
		if (text == null) {
			return null;
		}
		if (text.isBlank()) {
			problem(node, path, "the expression is empty");
			return null;
		}
		return new Expression(text, where(node, path));
	}

	private @Nullable String field(@Nullable Node node, String path) {
		if (node == null) {
			return null;
		}
		String text = scalar(node, path);
		if (text != null && !FIELD.matcher(text).matches()) {
			problem(node, path, "'" + text + "' is not a field name (letters, digits, '_', dots for nesting)");
			return null;
		}
		return text;
	}

	private @Nullable Duration positiveDuration(Node node, String path) {
		Duration d = nonNegativeDuration(node, path);
		if (d != null && d.isZero()) {
			problem(node, path, "must be greater than zero");
			return null;
		}
		return d;
	}

	private @Nullable Duration nonNegativeDuration(Node node, String path) {
		String text = scalar(node, path);
		if (text == null) {
			return null;
		}
		try {
			Duration d = Durations.parse(text);
			if (d.isNegative()) {
				problem(node, path, "must not be negative");
				return null;
			}
			return d;
		}
		catch (IllegalArgumentException ex) {
			problem(node, path, ex.getMessage());
			return null;
		}
	}

	private @Nullable String required(Map<String, Node> m, Node parent, String path, String property) {
		Node n = m.get(property);
		if (n == null) {
			problem(parent, path, "'" + property + "' is required");
			return null;
		}
		return scalar(n, path + "." + property);
	}

	private @Nullable String scalar(Node node, String path) {
		if (node instanceof ScalarNode s) {
			return s.getValue();
		}
		problem(node, path, "expected a single value, not a " + kind(node));
		return null;
	}

	/** Entries of a name -> definition mapping, with names checked. */
	private Map<String, Node> entries(Node node, String path) {
		Map<String, Node> result = new LinkedHashMap<>();
		if (!(node instanceof MappingNode mapping)) {
			if (!(node instanceof ScalarNode s && s.getValue().isEmpty())) {
				problem(node, path, "expected a mapping of names to definitions, not a " + kind(node));
			}
			return result;
		}
		for (NodeTuple t : mapping.getValue()) {
			String name = scalar(t.getKeyNode(), path);
			if (name == null) {
				continue;
			}
			if (!NAME.matcher(name).matches()) {
				problem(t.getKeyNode(), path + "." + name,
						"'" + name + "' is not a valid name (letters, digits, '-', '_', at most 64)");
				continue;
			}
			result.put(name, t.getValueNode());
		}
		return result;
	}

	private @Nullable Map<String, Node> mappingOrEmpty(Node node, String path, Set<String> allowed) {
		if (node instanceof ScalarNode s && (s.getValue().isEmpty() || "null".equals(s.getValue()))) {
			return Map.of();
		}
		return mapping(node, path, allowed);
	}

	private @Nullable Map<String, Node> mapping(Node node, String path, Set<String> allowed) {
		if (!(node instanceof MappingNode mapping)) {
			problem(node, path, "expected a mapping, not a " + kind(node));
			return null;
		}
		Map<String, Node> result = new LinkedHashMap<>();
		for (NodeTuple t : mapping.getValue()) {
			String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
			if (key == null) {
				problem(t.getKeyNode(), path, "keys must be plain names");
				continue;
			}
			if (!allowed.contains(key)) {
				problem(t.getKeyNode(), path.isEmpty() ? key : path + "." + key,
						"unknown property '" + key + "'; expected one of " + new java.util.TreeSet<>(allowed));
				continue;
			}
			result.put(key, t.getValueNode());
		}
		return result;
	}

	private static String kind(Node node) {
		return switch (node) {
			case MappingNode ignored -> "mapping";
			case SequenceNode ignored -> "list";
			default -> "value";
		};
	}

	private String where(Node node, String path) {
		Mark mark = node.getStartMark();
		return this.source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + " (" + path + ")";
	}

	private void problem(@Nullable Node node, String path, String reason) {
		String place = node == null ? this.source
				: this.source + ":" + (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
		this.problems.add(place + ": " + (path.isEmpty() ? "" : path + ": ") + reason);
	}

}
