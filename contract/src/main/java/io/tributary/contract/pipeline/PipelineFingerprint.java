package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * What a pipeline's window state depends on, and what else its definition says, in canonical form.
 *
 * <p>{@code state} holds the parts that decide what a window's accumulators mean: the source stream
 * (and its time and id fields), filter, enrichments, derived fields, key, window, each
 * aggregation with its arguments ({@code aggregate.<metric>}) and the {@code first-seen} section. {@code settings} holds the parts that
 * only decide what is done with that state: watermark, select fields, alert rules, emission,
 * retention, the stream's {@code max-future} and schema. {@code fingerprint} hashes the state
 * entries, {@code digest} both; each is 16 hex digits of a SHA-256 over the entries' canonical text,
 * so neither depends on the YAML's formatting, comments or key order, nor on the JVM.
 * {@link PipelineChange#between} compares two of them entry by entry.
 */
public record PipelineFingerprint(String pipeline, String fingerprint, String digest, SortedMap<String, String> state,
		SortedMap<String, String> settings) {

	/** Prefix of the state entry of each aggregation, followed by its metric name. */
	public static final String AGGREGATE_PREFIX = "aggregate.";

	public PipelineFingerprint {
		state = Collections.unmodifiableSortedMap(new TreeMap<>(state));
		settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
	}

	/** The fingerprints of every pipeline of a file, in the file's order. */
	public static Map<String, PipelineFingerprint> of(PipelineFile file) {
		Map<String, PipelineFingerprint> all = new LinkedHashMap<>();
		for (PipelineDefinition pipeline : file.pipelines().values()) {
			all.put(pipeline.name(), of(pipeline, file.streams().get(pipeline.source())));
		}
		return all;
	}

	/** @param stream the pipeline's source stream, null when unknown */
	public static PipelineFingerprint of(PipelineDefinition p, @Nullable StreamDefinition stream) {
		return of(p.name(), stateOf(p, stream), settingsOf(p, stream));
	}

	/** A fingerprint of entries as {@link #state()} and {@link #settings()} hold them (e.g. read back from Redis). */
	public static PipelineFingerprint of(String pipeline, Map<String, String> state, Map<String, String> settings) {
		SortedMap<String, String> sortedState = new TreeMap<>(state);
		SortedMap<String, String> sortedSettings = new TreeMap<>(settings);
		String stateText = CanonicalText.of(sortedState);
		return new PipelineFingerprint(pipeline, CanonicalText.hash(stateText),
				CanonicalText.hash(stateText + "--\n" + CanonicalText.of(sortedSettings)), sortedState,
				sortedSettings);
	}

	private static SortedMap<String, String> stateOf(PipelineDefinition p, @Nullable StreamDefinition stream) {
		SortedMap<String, String> state = new TreeMap<>();
		state.put("source", p.source());
		state.put("source.time-field", (stream == null || stream.timeField() == null) ? "-" : stream.timeField());
		state.put("source.id-field", (stream == null || stream.idField() == null) ? "-" : stream.idField());
		state.put("filter", CanonicalText.expression(p.filter()));
		List<String> enrich = new ArrayList<>();
		for (EnrichStep step : p.enrich()) {
			enrich.add(step.lookup() + "[" + CanonicalText.expression(step.key()) + "] as " + step.as());
		}
		state.put("enrich", CanonicalText.list(enrich));
		List<String> let = new ArrayList<>();
		for (LetStep step : p.let()) {
			let.add(step.name() + ": " + CanonicalText.expression(step.expression()));
		}
		state.put("let", CanonicalText.list(let));
		state.put("key-by", CanonicalText.expression(p.keyBy()));
		WindowSpec w = p.window();
		state.put("window", w.type().name().toLowerCase(Locale.ROOT) + " size " + CanonicalText.duration(w.size())
				+ " slide " + CanonicalText.duration(w.slide()) + " gap " + CanonicalText.duration(w.gap())
				+ " allowed-lateness " + CanonicalText.duration(w.allowedLateness()));
		for (AggregateSpec a : p.aggregates()) {
			state.put(AGGREGATE_PREFIX + a.name(), call(a));
		}
		GraphSpec g = p.graph();
		if (g != null) {
			// only when declared: pipelines without one keep their fingerprints; the edges' fields decide what
			// the window's graph means, so changing them is incompatible
			state.put("graph", "from " + g.from() + " to " + g.to() + " weight " + (g.weight() == null ? "-" : g.weight()));
		}
		FirstSeenSpec seen = p.firstSeen();
		if (seen != null) {
			// the Bloom filters are state sized by these: another horizon or size cannot read them. Only
			// when declared, so pipelines without one keep their fingerprints
			state.put("first-seen", "horizon " + CanonicalText.duration(seen.horizon()) + " false-positive-rate "
					+ CanonicalText.number(seen.falsePositiveRate()) + " expected-values " + seen.expectedValues());
		}
		return state;
	}

	private static SortedMap<String, String> settingsOf(PipelineDefinition p, @Nullable StreamDefinition stream) {
		SortedMap<String, String> settings = new TreeMap<>();
		settings.put("watermark", "max-out-of-orderness " + CanonicalText.duration(p.watermark().maxOutOfOrderness())
				+ " idle-timeout " + CanonicalText.duration(p.watermark().idleTimeout()));
		// select fields are evaluated in order, each over the ones before it
		List<String> select = new ArrayList<>();
		for (SelectStep step : p.select()) {
			select.add(step.name() + ": " + CanonicalText.expression(step.expression()));
		}
		settings.put("select", CanonicalText.list(select));
		for (AlertRule r : p.alerts()) {
			settings.put("alerts." + r.name(), r.kind().text() + " when " + CanonicalText.expression(r.when())
					+ " metric " + (r.metric() == null ? "-" : r.metric()) + " sensitivity "
					+ CanonicalText.number(r.sensitivity()) + " warm-up " + r.warmUp() + " smoothing "
					+ CanonicalText.number(r.smoothing()) + " direction " + r.direction().name().toLowerCase(Locale.ROOT)
					+ " severity " + r.severity().text() + " resolve-after " + CanonicalText.duration(r.resolveAfter()));
		}
		ForecastSpec f = p.forecast();
		if (f != null) {
			// only when declared: pipelines without one keep their digests
			settings.put("forecast", f.method().text() + " of " + f.metric() + " season "
					+ CanonicalText.duration(f.season()) + " horizon " + f.horizon() + " confidence "
					+ CanonicalText.number(f.confidence()) + " smoothing " + CanonicalText.number(f.level()) + " "
					+ CanonicalText.number(f.trend()) + " " + CanonicalText.number(f.seasonal()));
		}
		GraphSpec graph = p.graph();
		if (graph != null) {
			settings.put("graph.output", "top-neighbours " + graph.topNeighbours() + " largest-components "
					+ graph.largestComponents());
		}
		settings.put("emit", "every " + CanonicalText.duration(p.emit().every()) + " final " + p.emit().onFinal());
		settings.put("retention", CanonicalText.duration(p.retention()));
		if (stream != null) {
			settings.put("source.max-future", CanonicalText.duration(stream.maxFuture()));
			settings.put("source.schema", schema(stream));
		}
		return settings;
	}

	/**
	 * The schema by its content, not its path: services may mount the same file at different places.
	 */
	private static String schema(StreamDefinition stream) {
		if (stream.schema() == null) {
			return "-";
		}
		try {
			return "sha256:" + CanonicalText.hash(java.nio.file.Files.readString(stream.schema()));
		}
		catch (java.io.IOException | RuntimeException ex) {
			return "unreadable";
		}
	}

	/** An aggregation as a call: {@code count}, {@code sum(latency_ms)}, {@code quantile(latency_ms, 0.99)}. */
	static String call(AggregateSpec a) {
		String function = a.function().toLowerCase(Locale.ROOT);
		if (a.field() == null) {
			return function;
		}
		StringBuilder text = new StringBuilder(function).append('(').append(a.field());
		for (double param : a.params()) {
			text.append(", ").append(CanonicalText.number(param));
		}
		return text.append(')').toString();
	}

}
