package io.tributary.systemtests.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws a {@link RunTimeline} as a self-contained SVG (no scripts, fonts or external files): two
 * panels sharing the time axis, accepted events/s (linear) above and final-result latency p50 and
 * p99 (log) below, the warm-up shaded; a run in phases has each phase's warm-up shaded and its rate
 * written over it, and kill/restart moments as red dashed lines. Each second is plotted at its middle. The plot areas are
 * fixed: x from {@link #LEFT} to {@link #RIGHT}, throughput from {@link #THROUGHPUT_TOP} and latency
 * from {@link #LATENCY_TOP}, each {@link #PANEL_HEIGHT} high. Throughput runs from 0 to a multiple of
 * a 1-2-2.5-5 step above its peak; latency from the 1-2-5 value at or below the lowest p50 to the one
 * at or above the highest p99.
 */
final class SvgChart {

	static final int WIDTH = 1000;

	static final int HEIGHT = 640;

	static final int LEFT = 90;

	static final int RIGHT = 970;

	static final int THROUGHPUT_TOP = 130;

	static final int LATENCY_TOP = 360;

	/** Title lines past this many are not drawn: they would run into the plot. */
	static final int MAX_TITLE_LINES = 4;

	static final int PANEL_HEIGHT = 200;

	private static final String THROUGHPUT_COLOUR = "#1f6fb4";

	private static final String P50_COLOUR = "#2a9d4a";

	private static final String P99_COLOUR = "#d1495b";

	private static final double[] TIME_STEPS = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600 };

	private final StringBuilder svg = new StringBuilder();

	private SvgChart() {
	}

	/** The chart; the first title line is the heading, the others (the run's parameters) are set below it. */
	static String render(RunTimeline timeline, List<String> titleLines) {
		return new SvgChart().draw(timeline, titleLines);
	}

	private String draw(RunTimeline timeline, List<String> titleLines) {
		int seconds = Math.max(1, timeline.seconds().size());
		Scale time = new Scale(0, seconds, LEFT, RIGHT, false);
		this.svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
			.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
			.append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
			.append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
			.append("<rect width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" fill=\"white\"/>\n");
		for (int i = 0; i < Math.min(MAX_TITLE_LINES, titleLines.size()); i++) {
			text(20, 26 + 20 * i, (i == 0) ? "font-size=\"16\" font-weight=\"bold\"" : "fill=\"#444\"",
					titleLines.get(i));
		}
		legend(THROUGHPUT_TOP - 12);

		List<RunTimeline.Second> loaded = timeline.seconds().subList(0,
				Math.min(timeline.loadSeconds(), timeline.seconds().size()));
		double maxRate = loaded.stream().mapToLong(RunTimeline.Second::accepted).max().orElse(0);
		double rateStep = niceStep(Math.max(1, maxRate) / 5);
		double rateTop = Math.max(1, Math.ceil(maxRate / rateStep)) * rateStep;
		Scale rate = new Scale(0, rateTop, THROUGHPUT_TOP + PANEL_HEIGHT, THROUGHPUT_TOP, false);

		List<RunTimeline.Second> withFinals = timeline.seconds().stream().filter((s) -> s.latency().count() > 0).toList();
		double minLatency = withFinals.stream().mapToDouble((s) -> floorAtOne(s.latency().p50())).min().orElse(100);
		double maxLatency = withFinals.stream().mapToDouble((s) -> floorAtOne(s.latency().p99())).max().orElse(1000);
		double latencyLow = oneTwoFiveAtMost(minLatency);
		double latencyHigh = oneTwoFiveAtLeast(Math.max(maxLatency, latencyLow * 1.5));
		Scale latency = new Scale(latencyLow, latencyHigh, LATENCY_TOP + PANEL_HEIGHT, LATENCY_TOP, true);

		this.svg.append("<g id=\"throughput-panel\">\n");
		panelBackground(time, timeline, THROUGHPUT_TOP);
		this.svg.append("<g class=\"y-ticks\">\n");
		for (int i = 0; i * rateStep <= rateTop + rateStep / 1e6; i++) {
			yTick(rate.map(i * rateStep), number(i * rateStep), false);
		}
		this.svg.append("</g>\n");
		if (!loaded.isEmpty()) {
			area(time, rate, loaded);
			series("throughput", THROUGHPUT_COLOUR, 2, (loaded.size() > 1) ? 0 : 2.5, time, rate, loaded,
					(s) -> s.accepted());
		}
		frame(THROUGHPUT_TOP, "accepted events/s");
		this.svg.append("</g>\n");

		this.svg.append("<g id=\"latency-panel\">\n");
		panelBackground(time, timeline, LATENCY_TOP);
		this.svg.append("<g class=\"y-ticks\">\n");
		List<Double> ticks = new ArrayList<>();
		for (double tick = latencyLow; tick <= latencyHigh * (1 + 1e-9); tick = oneTwoFiveAtLeast(tick * 1.5)) {
			ticks.add(tick);
		}
		for (double tick : ticks) {
			// many ticks: label the decades and the ends only
			boolean labelled = ticks.size() <= 8 || tick == latencyLow || tick == latencyHigh
					|| Math.abs(Math.log10(tick) - Math.rint(Math.log10(tick))) < 1e-9;
			yTick(latency.map(tick), labelled ? millis(tick) : "", !labelled);
		}
		this.svg.append("</g>\n");
		if (withFinals.isEmpty()) {
			text((LEFT + RIGHT) / 2.0, LATENCY_TOP + PANEL_HEIGHT / 2.0, "text-anchor=\"middle\" fill=\"#666\"",
					"no window became final in the run");
		}
		series("p50", P50_COLOUR, 1.5, 2.5, time, latency, withFinals, (s) -> floorAtOne(s.latency().p50()));
		series("p99", P99_COLOUR, 1.5, 2.5, time, latency, withFinals, (s) -> floorAtOne(s.latency().p99()));
		frame(LATENCY_TOP, "final-result latency (log scale)");
		this.svg.append("</g>\n");

		xTicks(time, seconds);
		text((LEFT + RIGHT) / 2.0, LATENCY_TOP + PANEL_HEIGHT + 42, "text-anchor=\"middle\"",
				"time since the load started (s)");
		text(20, HEIGHT - 12, "font-size=\"11\" fill=\"#666\"",
				"Latency: from windowEnd + max-out-of-orderness until the window's final result is queryable, "
						+ "plotted at the second it arrived (under 1 ms: at 1 ms).");
		this.svg.append("</svg>\n");
		return this.svg.toString();
	}

	private void legend(double y) {
		double x = LEFT;
		x = legendLine(x, y, THROUGHPUT_COLOUR, "accepted events/s (HTTP 202 + AMQP confirmed)");
		x = legendLine(x, y, P50_COLOUR, "latency p50");
		x = legendLine(x, y, P99_COLOUR, "latency p99");
		this.svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y - 9))
			.append("\" width=\"22\" height=\"10\" fill=\"#eeeeee\" stroke=\"#bbbbbb\"/>\n");
		text(x + 28, y, "", "warm-up");
	}

	private double legendLine(double x, double y, String colour, String label) {
		this.svg.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(fmt(y - 4)).append("\" x2=\"")
			.append(fmt(x + 22)).append("\" y2=\"").append(fmt(y - 4)).append("\" stroke=\"").append(colour)
			.append("\" stroke-width=\"2.5\"/>\n");
		text(x + 28, y, "", label);
		return x + 28 + 6.6 * label.length() + 24;
	}

	private void panelBackground(Scale time, RunTimeline timeline, int top) {
		if (timeline.phases().isEmpty()) {
			warmup(time, 0, timeline.warmupEndSeconds(), top);
		}
		for (RunTimeline.Span phase : timeline.phases()) {
			warmup(time, phase.startSeconds(), phase.measuredFromSeconds(), top);
			double start = time.map(phase.startSeconds());
			if (start > LEFT) {
				verticalLine("phase-start", start, top, "#999", "");
			}
			if (top == THROUGHPUT_TOP) {
				text(time.map((phase.startSeconds() + phase.endSeconds()) / 2), top + 14,
						"class=\"phase-label\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#444\"", phase.label());
			}
		}
		for (RunTimeline.Mark mark : timeline.marks()) {
			double x = time.map(mark.atSeconds());
			verticalLine("mark", x, top, "#c0392b", "5 3");
			if (top == LATENCY_TOP) {
				text(mark.labelBefore() ? x - 3 : x + 3, top + 14,
						"class=\"mark-label\" fill=\"#c0392b\"" + (mark.labelBefore() ? " text-anchor=\"end\"" : ""),
						mark.label());
			}
		}
		if (timeline.loadSeconds() < timeline.seconds().size()) {
			double stop = time.map(timeline.loadSeconds());
			this.svg.append("<line x1=\"").append(fmt(stop)).append("\" y1=\"").append(top).append("\" x2=\"")
				.append(fmt(stop)).append("\" y2=\"").append(top + PANEL_HEIGHT)
				.append("\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n");
			if (top == THROUGHPUT_TOP) {
				text(stop + 4, top + 14, "fill=\"#666\"", "load stops");
			}
		}
	}

	private void warmup(Scale time, double fromSeconds, double toSeconds, int top) {
		double from = Math.max(LEFT, time.map(fromSeconds));
		double to = Math.min(time.map(toSeconds), RIGHT);
		if (to > from) {
			this.svg.append("<rect class=\"warm-up\" x=\"").append(fmt(from)).append("\" y=\"").append(top)
				.append("\" width=\"").append(fmt(to - from)).append("\" height=\"").append(PANEL_HEIGHT)
				.append("\" fill=\"#eeeeee\"/>\n");
		}
	}

	private void verticalLine(String name, double x, int top, String colour, String dashes) {
		this.svg.append("<line class=\"").append(name).append("\" x1=\"").append(fmt(x)).append("\" y1=\"").append(top)
			.append("\" x2=\"").append(fmt(x)).append("\" y2=\"").append(top + PANEL_HEIGHT).append("\" stroke=\"")
			.append(colour).append('"').append(dashes.isEmpty() ? "" : " stroke-dasharray=\"" + dashes + "\"")
			.append("/>\n");
	}

	private void yTick(double y, String label, boolean minor) {
		this.svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(fmt(y)).append("\" x2=\"").append(RIGHT)
			.append("\" y2=\"").append(fmt(y)).append("\" stroke=\"").append(minor ? "#f2f2f2" : "#dddddd")
			.append("\"/>\n");
		if (!label.isEmpty()) {
			text(LEFT - 6, y + 4, "text-anchor=\"end\"", label);
		}
	}

	private void xTicks(Scale time, int seconds) {
		double step = TIME_STEPS[TIME_STEPS.length - 1];
		for (double candidate : TIME_STEPS) {
			if (candidate >= seconds / 10.0) {
				step = candidate;
				break;
			}
		}
		this.svg.append("<g class=\"x-ticks\">\n");
		for (int i = 0; i * step <= seconds; i++) {
			double x = time.map(i * step);
			for (int top : new int[] { THROUGHPUT_TOP, LATENCY_TOP }) {
				this.svg.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(top).append("\" x2=\"")
					.append(fmt(x)).append("\" y2=\"").append(top + PANEL_HEIGHT).append("\" stroke=\"#eeeeee\"/>\n");
			}
			text(x, LATENCY_TOP + PANEL_HEIGHT + 18, "text-anchor=\"middle\"", number(i * step));
		}
		this.svg.append("</g>\n");
	}

	private void frame(int top, String axisLabel) {
		this.svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"")
			.append(RIGHT - LEFT).append("\" height=\"").append(PANEL_HEIGHT)
			.append("\" fill=\"none\" stroke=\"#999\"/>\n");
		double mid = top + PANEL_HEIGHT / 2.0;
		this.svg.append("<text x=\"22\" y=\"").append(fmt(mid)).append("\" transform=\"rotate(-90 22 ")
			.append(fmt(mid)).append(")\" text-anchor=\"middle\">").append(escape(axisLabel)).append("</text>\n");
	}

	private void area(Scale time, Scale rate, List<RunTimeline.Second> seconds) {
		StringBuilder points = new StringBuilder();
		points.append(fmt(time.map(seconds.get(0).index() + 0.5))).append(',').append(fmt(rate.map(0)));
		for (RunTimeline.Second s : seconds) {
			points.append(' ').append(fmt(time.map(s.index() + 0.5))).append(',').append(fmt(rate.map(s.accepted())));
		}
		points.append(' ').append(fmt(time.map(seconds.get(seconds.size() - 1).index() + 0.5))).append(',')
			.append(fmt(rate.map(0)));
		this.svg.append("<polygon points=\"").append(points).append("\" fill=\"").append(THROUGHPUT_COLOUR)
			.append("\" fill-opacity=\"0.15\" stroke=\"none\"/>\n");
	}

	/**
	 * A dot per second that has a value, joined by a thin line: final results come in bursts (a tumbling
	 * window's keys all close together), so most seconds have none and a line broken at every gap would
	 * be dots alone.
	 */
	private void series(String name, String colour, double lineWidth, double dotRadius, Scale time, Scale y,
			List<RunTimeline.Second> seconds,
			ToDoubleFunction<RunTimeline.Second> value) {
		if (seconds.isEmpty()) {
			return;
		}
		StringBuilder points = new StringBuilder();
		for (RunTimeline.Second s : seconds) {
			points.append(points.isEmpty() ? "" : " ").append(fmt(time.map(s.index() + 0.5))).append(',')
				.append(fmt(y.map(value.applyAsDouble(s))));
		}
		this.svg.append("<g class=\"").append(name).append("\" fill=\"").append(colour).append("\">\n");
		if (seconds.size() > 1) {
			this.svg.append("<polyline points=\"").append(points).append("\" fill=\"none\" stroke=\"").append(colour)
				.append("\" stroke-width=\"").append(lineWidth).append("\" stroke-linejoin=\"round\"/>\n");
		}
		for (String point : (dotRadius > 0) ? points.toString().split(" ") : new String[0]) {
			String[] xy = point.split(",");
			this.svg.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"")
				.append(dotRadius).append("\"/>\n");
		}
		this.svg.append("</g>\n");
	}

	private void text(double x, double y, String attributes, String content) {
		this.svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append('"')
			.append(attributes.isEmpty() ? "" : " " + attributes).append('>').append(escape(content))
			.append("</text>\n");
	}

	/** 1, 2, 2.5 or 5 times a power of ten, the smallest at least {@code rough}. */
	static double niceStep(double rough) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
		for (double m : new double[] { 1, 2, 2.5, 5 }) {
			if (m * magnitude >= rough * (1 - 1e-9)) {
				return m * magnitude;
			}
		}
		return 10 * magnitude;
	}

	/** The largest 1, 2 or 5 times a power of ten that is at most {@code value}. */
	static double oneTwoFiveAtMost(double value) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(value) + 1e-9));
		for (double m : new double[] { 5, 2, 1 }) {
			if (m * magnitude <= value * (1 + 1e-9)) {
				return m * magnitude;
			}
		}
		return magnitude / 2;
	}

	/** The smallest 1, 2 or 5 times a power of ten that is at least {@code value}. */
	static double oneTwoFiveAtLeast(double value) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(value) - 1e-9));
		for (double m : new double[] { 1, 2, 5, 10 }) {
			if (m * magnitude >= value * (1 - 1e-9)) {
				return m * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static double floorAtOne(long millis) {
		return Math.max(1, millis);
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.format(Locale.ROOT, "%,d", (long) value)
				: String.format(Locale.ROOT, "%,.1f", value);
	}

	private static String millis(double value) {
		return (value >= 1000) ? number(value / 1000) + " s" : number(value) + " ms";
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** Maps a value in [low, high] onto pixels [pixelLow, pixelHigh], linearly or by its logarithm. */
	private record Scale(double low, double high, double pixelLow, double pixelHigh, boolean log) {

		double map(double value) {
			double fraction = this.log ? (Math.log10(value) - Math.log10(this.low)) / (Math.log10(this.high) - Math.log10(this.low))
					: (value - this.low) / (this.high - this.low);
			return this.pixelLow + fraction * (this.pixelHigh - this.pixelLow);
		}

	}

}
