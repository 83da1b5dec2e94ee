package io.tributary.systemtests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.systemtests.launch.Service;

/**
 * Where a result's latency goes between the services over an interval of a run: the histograms the
 * services serve on {@code /actuator/prometheus} (HTTP accept, each broker hop and stage, the
 * checkpoint, and storage's freshness and end-to-end latency), scraped at the start and the end of the
 * interval, and for each the count, mean, p50 and p99 of what was recorded in between, as a Markdown
 * table ordered along the data path. A quantile is the upper bound of the histogram bucket that holds
 * it, so it is as coarse as the buckets (Micrometer's, about 1.4x apart in this range). With several
 * processing instances each is scraped and what each recorded is added up (a restarted one's from its
 * start).
 */
public final class LatencyProfile {

	/** The table's rows, in the order of the data path, then the end-to-end ones. */
	static final List<Series> SERIES = List.of(
			new Series("HTTP accept (POST events, 2xx)", Service.INGESTION, "http_server_requests_seconds",
					Map.of("method", "POST", "uri", "/api/v1/streams/{stream}/events", "outcome", "SUCCESS")),
			hop("events hop (ingestion -> route)", "events"), stage("route stage", "route"),
			hop("keyed hop (route -> window)", "keyed"), stage("window stage", "window"),
			new Series("window stage: of which checkpoint", Service.PROCESSING, "tributary_checkpoint_duration_seconds",
					Map.of()),
			hop("results hop (window -> storage)", "results"), stage("store stage", "store"),
			new Series("result freshness (window end -> stored)", Service.STORAGE, "tributary_result_freshness_seconds",
					Map.of()),
			new Series("end to end (accepted -> stored)", Service.STORAGE, "tributary_e2e_latency_seconds", Map.of()));

	private final Map<Service, List<URI>> services = new EnumMap<>(Service.class);

	private final String apiKey;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** @param apiKey a key with the {@code admin} scope, which the actuator beyond health asks for */
	public LatencyProfile(URI ingestion, URI processing, URI storage, String apiKey) {
		this(ingestion, List.of(processing), storage, apiKey);
	}

	/**
	 * @param processing every processing instance (each holds its own partitions' histograms)
	 * @param apiKey     a key with the {@code admin} scope, which the actuator beyond health asks for
	 */
	public LatencyProfile(URI ingestion, List<URI> processing, URI storage, String apiKey) {
		if (processing.isEmpty()) {
			throw new IllegalArgumentException("no processing instance to scrape");
		}
		this.services.put(Service.INGESTION, List.of(ingestion));
		this.services.put(Service.PROCESSING, List.copyOf(processing));
		this.services.put(Service.STORAGE, List.of(storage));
		this.apiKey = apiKey;
	}

	/**
	 * Scrapes the three services now.
	 * @throws UncheckedIOException when a service does not answer 200 (a key without {@code admin}: 403)
	 */
	public Snapshot snapshot() {
		Map<Service, List<String>> texts = new EnumMap<>(Service.class);
		this.services.forEach((service, bases) -> texts.put(service, bases.stream().map(this::scrape).toList()));
		return Snapshot.parseInstances(texts);
	}

	private String scrape(URI base) {
		URI uri = base.resolve("/actuator/prometheus");
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri)
				.header("Authorization", "Bearer " + this.apiKey)
				.header("Accept", "text/plain")
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot scrape " + uri + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while scraping " + uri, ex);
		}
	}

	/** What each series recorded between the two snapshots, in {@link #SERIES} order. */
	public static List<Row> between(Snapshot from, Snapshot to) {
		List<Row> rows = new ArrayList<>();
		for (Series series : SERIES) {
			Histogram recorded = Histogram.EMPTY;
			for (int instance = 0; instance < to.instances(series.service()); instance++) {
				recorded = recorded.plus(to.histogram(series, instance).since(from.histogram(series, instance)));
			}
			rows.add(Row.of(series.label(), recorded));
		}
		return rows;
	}

	/** The rows as a Markdown table. */
	public static String table(List<Row> rows) {
		StringBuilder table = new StringBuilder("| component | count | mean ms | p50 ms | p99 ms |\n")
			.append("|---|---:|---:|---:|---:|\n");
		for (Row row : rows) {
			table.append("| ").append(row.component()).append(" | ").append(row.count()).append(" | ");
			if (row.count() == 0) {
				table.append("- | - | - |\n");
			}
			else {
				table.append(millis(row.meanMillis())).append(" | ").append(millis(row.p50Millis())).append(" | ")
					.append(millis(row.p99Millis())).append(" |\n");
			}
		}
		return table.toString();
	}

	private static String millis(double millis) {
		if (Double.isInfinite(millis)) {
			return "over the top bucket";
		}
		// one decimal below 10 ms, as it rounds
		return String.format(Locale.ROOT, (millis < 9.95) ? "%.1f" : "%.0f", millis);
	}

	/** A hop is measured by the service at its end: processing for events and keyed, storage for results. */
	private static Series hop(String label, String hop) {
		return new Series(label, hop.equals("results") ? Service.STORAGE : Service.PROCESSING,
				"tributary_hop_latency_seconds", Map.of("hop", hop));
	}

	private static Series stage(String label, String stage) {
		return new Series(label, stage.equals("store") ? Service.STORAGE : Service.PROCESSING,
				"tributary_stage_duration_seconds", Map.of("stage", stage));
	}

	/**
	 * A histogram a service serves, as a Prometheus family name (without {@code _bucket}), summed over
	 * the samples whose labels include {@code labels} (partitions, pipelines, status codes).
	 */
	record Series(String label, Service service, String family, Map<String, String> labels) {
	}

	/** One line of the table: durations in milliseconds; a quantile above every finite bucket is infinite. */
	public record Row(String component, long count, double meanMillis, double p50Millis, double p99Millis) {

		static Row of(String component, Histogram h) {
			if (h.count() <= 0) {
				return new Row(component, 0, 0, 0, 0);
			}
			return new Row(component, Math.round(h.count()), h.sum() / h.count() * 1000, h.quantile(0.5) * 1000,
					h.quantile(0.99) * 1000);
		}

	}

	/**
	 * A histogram in seconds: cumulative bucket counts by upper bound ({@code le}, the last one
	 * infinite), count and sum.
	 */
	record Histogram(TreeMap<Double, Double> buckets, double count, double sum) {

		static final Histogram EMPTY = new Histogram(new TreeMap<>(), 0, 0);

		/**
		 * What was recorded after {@code earlier}; all of this one when a counter went back (the service
		 * restarted in between).
		 */
		Histogram since(Histogram earlier) {
			if (this.count < earlier.count) {
				return this;
			}
			TreeMap<Double, Double> delta = new TreeMap<>();
			this.buckets.forEach((le, n) -> delta.put(le, n - earlier.buckets.getOrDefault(le, 0.0)));
			return new Histogram(delta, this.count - earlier.count, this.sum - earlier.sum);
		}

		/** This one and {@code other} together (two instances' histograms of the same buckets). */
		Histogram plus(Histogram other) {
			if (other.count == 0 && other.buckets.isEmpty()) {
				return this;
			}
			if (this.count == 0 && this.buckets.isEmpty()) {
				return other;
			}
			TreeMap<Double, Double> sum = new TreeMap<>(this.buckets);
			other.buckets.forEach((le, n) -> sum.merge(le, n, Double::sum));
			return new Histogram(sum, this.count + other.count, this.sum + other.sum);
		}

		/**
		 * The upper bound of the bucket that holds the q-quantile (nearest rank: the smallest bound with
		 * at least {@code ceil(q * count)} values at or below it), in seconds.
		 */
		double quantile(double q) {
			double rank = Math.max(1, Math.ceil(q * this.count));
			for (Map.Entry<Double, Double> bucket : this.buckets.entrySet()) {
				if (bucket.getValue() >= rank) {
					return bucket.getKey();
				}
			}
			return Double.POSITIVE_INFINITY;
		}

	}

	/** The samples of the three services' expositions at one moment, each instance's apart. */
	public static final class Snapshot {

		private final Map<Service, List<List<Sample>>> samples;

		private Snapshot(Map<Service, List<List<Sample>>> samples) {
			this.samples = samples;
		}

		/** Reads one Prometheus text exposition per service, keeping the samples of the {@link #SERIES}' families. */
		static Snapshot parse(Map<Service, String> expositions) {
			Map<Service, List<String>> instances = new EnumMap<>(Service.class);
			expositions.forEach((service, text) -> instances.put(service, List.of(text)));
			return parseInstances(instances);
		}

		/** As {@link #parse}, with one exposition per instance of each service, in the same order every time. */
		static Snapshot parseInstances(Map<Service, List<String>> expositions) {
			Map<Service, List<List<Sample>>> samples = new EnumMap<>(Service.class);
			expositions.forEach((service, texts) -> samples.put(service, texts.stream().map((text) -> {
				List<Sample> kept = new ArrayList<>();
				text.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
					Sample sample = Sample.parse(line);
					if (SERIES.stream().anyMatch((s) -> s.service() == service && sample.name().startsWith(s.family()))) {
						kept.add(sample);
					}
				});
				return kept;
			}).toList()));
			return new Snapshot(samples);
		}

		int instances(Service service) {
			return this.samples.getOrDefault(service, List.of()).size();
		}

		/** The series as the {@code instance}-th instance of its service serves it; empty if there is none. */
		Histogram histogram(Series series, int instance) {
			List<List<Sample>> instances = this.samples.getOrDefault(series.service(), List.of());
			TreeMap<Double, Double> buckets = new TreeMap<>();
			double count = 0;
			double sum = 0;
			for (Sample sample : (instance < instances.size()) ? instances.get(instance) : List.<Sample>of()) {
				if (!sample.labels().entrySet().containsAll(series.labels().entrySet())) {
					continue;
				}
				String name = sample.name();
				if (name.equals(series.family() + "_bucket")) {
					buckets.merge(bound(sample.labels().get("le")), sample.value(), Double::sum);
				}
				else if (name.equals(series.family() + "_count")) {
					count += sample.value();
				}
				else if (name.equals(series.family() + "_sum")) {
					sum += sample.value();
				}
			}
			return buckets.isEmpty() && count == 0 ? Histogram.EMPTY : new Histogram(buckets, count, sum);
		}

		private static double bound(String le) {
			if (le == null) {
				throw new IllegalArgumentException("A _bucket sample without le");
			}
			return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
		}

	}

	/** One line of the text format: {@code name{label="value",...} value [timestamp]}. */
	record Sample(String name, Map<String, String> labels, double value) {

		static Sample parse(String line) {
			int i = 0;
			while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
				i++;
			}
			String name = line.substring(0, i);
			Map<String, String> labels = new HashMap<>();
			if (i < line.length() && line.charAt(i) == '{') {
				i = labels(line, i + 1, labels);
			}
			String[] rest = line.substring(i).strip().split("\\s+");
			if (name.isEmpty() || rest[0].isEmpty()) {
				throw new IllegalArgumentException("Not a Prometheus sample: " + line);
			}
			return new Sample(name, labels, value(rest[0]));
		}

		/** Reads {@code a="x",b="y"}} from {@code i}; returns the index after the closing brace. */
		private static int labels(String line, int i, Map<String, String> labels) {
			while (i < line.length() && line.charAt(i) != '}') {
				int eq = line.indexOf('=', i);
				if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
					throw new IllegalArgumentException("Not a Prometheus sample: " + line);
				}
				String label = line.substring(i, eq).strip();
				StringBuilder value = new StringBuilder();
				int j = eq + 2;
				while (j < line.length() && line.charAt(j) != '"') {
					char c = line.charAt(j);
					if (c == '\\' && j + 1 < line.length()) {
						char next = line.charAt(++j);
						value.append((next == 'n') ? '\n' : next);
					}
					else {
						value.append(c);
					}
					j++;
				}
				labels.put(label, value.toString());
				i = j + 1;
				if (i < line.length() && line.charAt(i) == ',') {
					i++;
				}
			}
			return i + 1;
		}

		private static double value(String text) {
			return switch (text) {
				case "+Inf" -> Double.POSITIVE_INFINITY;
				case "-Inf" -> Double.NEGATIVE_INFINITY;
				default -> Double.parseDouble(text);
			};
		}

	}

}
