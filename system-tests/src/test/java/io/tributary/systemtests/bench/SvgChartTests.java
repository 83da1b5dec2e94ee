package io.tributary.systemtests.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Renders a known run and reads the SVG back as XML: every plotted point must map back to its input
 * through the axis scales, which this test computes itself from the chart's stated plot areas.
 */
class SvgChartTests {

	// the stated layout (SvgChart's class comment): x from 90 to 970; panels 200 high at y 130 and 360
	private static final double LEFT = 90;

	private static final double PLOT_WIDTH = 880;

	private static final double THROUGHPUT_BOTTOM = 330;

	private static final double LATENCY_BOTTOM = 560;

	private static final double PANEL_HEIGHT = 200;

	private static final int SECONDS = 20;

	/** 18 s of load (warm-up 5 s), peak 9,400 events/s; p50 from 75 ms, p99 to 2 s, none in second 10, one after the load. */
	private static RunTimeline knownRun() {
		List<RunTimeline.Second> seconds = new ArrayList<>();
		for (int i = 0; i < SECONDS; i++) {
			long accepted = (i < 18) ? 500L * i + ((i == 12) ? 3_400 : 0) : 0;
			Percentiles latency = new Percentiles(0, 0, 0, 0, 0);
			if (i >= 6 && i < 18 && i != 10) {
				long p50 = 15 + 10L * i;
				latency = new Percentiles(10, p50, 100L * i, 100L * i + 200, 2_000);
			}
			if (i == 19) {
				latency = new Percentiles(1, 2_000, 2_000, 2_000, 2_000);
			}
			seconds.add(new RunTimeline.Second(i, accepted, latency));
		}
		return new RunTimeline(seconds, 18, 5.0);
	}

	private static double x(double seconds) {
		return LEFT + seconds / SECONDS * PLOT_WIDTH;
	}

	private static double throughputY(double eventsPerSecond) {
		// axis 0 .. 10,000 (ticks of 2,000 cover the peak of 9,400)
		return THROUGHPUT_BOTTOM - eventsPerSecond / 10_000 * PANEL_HEIGHT;
	}

	private static double latencyY(double millis) {
		// log axis from 50 ms (the 1-2-5 value at or below the lowest p50, 75) to 2 s (the highest p99)
		return LATENCY_BOTTOM - Math.log(millis / 50) / Math.log(2_000.0 / 50) * PANEL_HEIGHT;
	}

	@Test
	void plotsEveryAcceptedRateAtItsSecondOnTheLinearScale() throws Exception {
		RunTimeline run = knownRun();
		Document svg = parse(SvgChart.render(run, List.of("title")));

		List<double[]> points = points(svg, "throughput");

		assertThat(points).hasSize(18);
		for (int i = 0; i < 18; i++) {
			assertThat(points.get(i)[0]).isCloseTo(x(i + 0.5), within(0.01));
			assertThat(points.get(i)[1]).isCloseTo(throughputY(run.seconds().get(i).accepted()), within(0.01));
		}
	}

	@Test
	void plotsP50AndP99OfEachSecondWithFinalsOnTheLogScaleAndNothingForSecondsWithout() throws Exception {
		RunTimeline run = knownRun();
		Document svg = parse(SvgChart.render(run, List.of("title")));

		for (String series : List.of("p50", "p99")) {
			List<double[]> points = points(svg, series);
			// a dot on every point, the line through them all
			assertThat(dots(svg, series)).usingElementComparator(Arrays::compare).containsExactlyElementsOf(points);
			List<Integer> secondsWithFinals = new ArrayList<>(List.of(6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 19));
			assertThat(points).hasSize(secondsWithFinals.size());
			for (int k = 0; k < points.size(); k++) {
				RunTimeline.Second s = run.seconds().get(secondsWithFinals.get(k));
				long value = series.equals("p50") ? s.latency().p50() : s.latency().p99();
				assertThat(points.get(k)[0]).isCloseTo(x(s.index() + 0.5), within(0.01));
				assertThat(points.get(k)[1]).as("%s of second %d", series, s.index())
					.isCloseTo(latencyY(value), within(0.01));
			}
		}
	}

	@Test
	void labelsTheTicksWithTheirValuesAtTheirPositions() throws Exception {
		Document svg = parse(SvgChart.render(knownRun(), List.of("title")));

		assertThat(tickLabels(svg, "throughput-panel")).containsExactly("0", "2,000", "4,000", "6,000", "8,000",
				"10,000");
		for (Element label : tickTexts(svg, "throughput-panel")) {
			double value = Double.parseDouble(label.getTextContent().replace(",", ""));
			assertThat(Double.parseDouble(label.getAttribute("y")) - 4).isCloseTo(throughputY(value), within(0.01));
		}
		assertThat(tickLabels(svg, "latency-panel")).containsExactly("50 ms", "100 ms", "200 ms", "500 ms", "1 s", "2 s");
		double[] ticks = { 50, 100, 200, 500, 1_000, 2_000 };
		List<Element> latencyTicks = tickTexts(svg, "latency-panel");
		for (int i = 0; i < ticks.length; i++) {
			assertThat(Double.parseDouble(latencyTicks.get(i).getAttribute("y")) - 4).isCloseTo(latencyY(ticks[i]),
					within(0.01));
		}
		List<String> timeLabels = new ArrayList<>();
		for (Element label : children(group(svg, "g", "x-ticks"), "text")) {
			timeLabels.add(label.getTextContent());
			assertThat(Double.parseDouble(label.getAttribute("x")))
				.isCloseTo(x(Double.parseDouble(label.getTextContent())), within(0.01));
		}
		assertThat(timeLabels).containsExactly("0", "2", "4", "6", "8", "10", "12", "14", "16", "18", "20");
	}

	@Test
	void isAWellFormedSelfContainedSvgWithTheTitleEscapedAndTheWarmUpShaded() throws Exception {
		String text = SvgChart.render(knownRun(), List.of("Tributary <bench> & \"co\"", "second line"));
		Document svg = parse(text);

		assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
		assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
		assertThat(text).doesNotContain("<script", "href", "@font-face", "url(");
		assertThat(all(svg, "text").stream().map(Element::getTextContent))
			.contains("Tributary <bench> & \"co\"", "second line", "accepted events/s", "final-result latency (log scale)",
					"time since the load started (s)", "latency p50", "latency p99", "load stops");
		for (Element warmUp : elements(svg, "rect", "warm-up")) {
			assertThat(Double.parseDouble(warmUp.getAttribute("x"))).isCloseTo(LEFT, within(0.01));
			assertThat(Double.parseDouble(warmUp.getAttribute("width"))).isCloseTo(x(5) - LEFT, within(0.01));
		}
		assertThat(elements(svg, "rect", "warm-up")).hasSize(2);
	}

	@Test
	void aRunInPhasesShadesEachWarmUpLabelsEachPhaseOverItsIntervalAndMarksTheKill() throws Exception {
		RunTimeline known = knownRun();
		// max from 0 (warm-up to 5 s) to 9 s, 50% from 9 s (warm-up to 11 s) to 18 s; killed at 13 s, ready at 15.5 s
		RunTimeline phased = new RunTimeline(known.seconds(), known.loadSeconds(), 5.0,
				List.of(new RunTimeline.Span("max", 0, 5, 9), new RunTimeline.Span("50% + kill -9", 9, 11, 18)),
				List.of(new RunTimeline.Mark("kill -9", 13, true), new RunTimeline.Mark("ready", 15.5, false)));

		Document svg = parse(SvgChart.render(phased, List.of("title")));

		List<Element> warmUps = elements(svg, "rect", "warm-up");
		assertThat(warmUps).hasSize(4);
		for (int panel = 0; panel < 2; panel++) {
			Element first = warmUps.get(panel * 2);
			Element second = warmUps.get(panel * 2 + 1);
			assertThat(Double.parseDouble(first.getAttribute("x"))).isCloseTo(LEFT, within(0.01));
			assertThat(Double.parseDouble(first.getAttribute("width"))).isCloseTo(x(5) - LEFT, within(0.01));
			assertThat(Double.parseDouble(second.getAttribute("x"))).isCloseTo(x(9), within(0.01));
			assertThat(Double.parseDouble(second.getAttribute("width"))).isCloseTo(x(11) - x(9), within(0.01));
		}
		List<Element> labels = elements(svg, "text", "phase-label");
		assertThat(labels).extracting(Element::getTextContent).containsExactly("max", "50% + kill -9");
		assertThat(Double.parseDouble(labels.get(0).getAttribute("x"))).isCloseTo(x(4.5), within(0.01));
		assertThat(Double.parseDouble(labels.get(1).getAttribute("x"))).isCloseTo(x(13.5), within(0.01));
		// the second phase's start, in both panels
		assertThat(elements(svg, "line", "phase-start")).extracting((e) -> Double.parseDouble(e.getAttribute("x1")))
			.allSatisfy((v) -> assertThat(v).isCloseTo(x(9), within(0.01)))
			.hasSize(2);
		assertThat(elements(svg, "line", "mark")).extracting((e) -> Double.parseDouble(e.getAttribute("x1")))
			.containsExactly(x(13), x(15.5), x(13), x(15.5));
		assertThat(elements(svg, "text", "mark-label")).extracting(Element::getTextContent)
			.containsExactly("kill -9", "ready");
	}

	@Test
	void aRunWithoutFinalResultsSaysSoInsteadOfPlottingNothing() throws Exception {
		RunTimeline empty = new RunTimeline(List.of(new RunTimeline.Second(0, 100, new Percentiles(0, 0, 0, 0, 0))), 1,
				0.0);

		Document svg = parse(SvgChart.render(empty, List.of("title")));

		assertThat(all(svg, "text").stream().map(Element::getTextContent))
			.contains("no window became final in the run");
		assertThat(points(svg, "p99")).isEmpty();
		assertThat(dots(svg, "p99")).isEmpty();
	}

	private static Document parse(String svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
	}

	/** The vertices of a series' line (its group's polyline), in order. */
	private static List<double[]> points(Document svg, String series) {
		List<double[]> points = new ArrayList<>();
		for (Element group : elements(svg, "g", series)) {
			for (Element line : children(group, "polyline")) {
				for (String point : line.getAttribute("points").trim().split("\\s+")) {
					String[] xy = point.split(",");
					points.add(new double[] { Double.parseDouble(xy[0]), Double.parseDouble(xy[1]) });
				}
			}
		}
		return points;
	}

	/** The centres of a series' dots, in order. */
	private static List<double[]> dots(Document svg, String series) {
		List<double[]> dots = new ArrayList<>();
		for (Element group : elements(svg, "g", series)) {
			for (Element dot : children(group, "circle")) {
				dots.add(new double[] { Double.parseDouble(dot.getAttribute("cx")), Double.parseDouble(dot.getAttribute("cy")) });
			}
		}
		return dots;
	}

	private static List<String> tickLabels(Document svg, String panel) {
		return tickTexts(svg, panel).stream().map(Element::getTextContent).toList();
	}

	private static List<Element> tickTexts(Document svg, String panel) {
		Element panelGroup = all(svg, "g").stream().filter((g) -> panel.equals(g.getAttribute("id"))).findFirst()
			.orElseThrow();
		Element ticks = children(panelGroup, "g").stream().filter((g) -> "y-ticks".equals(g.getAttribute("class")))
			.findFirst().orElseThrow();
		return children(ticks, "text");
	}

	private static Element group(Document svg, String tag, String cssClass) {
		return elements(svg, tag, cssClass).get(0);
	}

	private static List<Element> elements(Document svg, String tag, String cssClass) {
		return all(svg, tag).stream().filter((e) -> cssClass.equals(e.getAttribute("class"))).toList();
	}

	private static List<Element> all(Document svg, String tag) {
		NodeList nodes = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
		List<Element> elements = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			elements.add((Element) nodes.item(i));
		}
		return elements;
	}

	private static List<Element> children(Element parent, String tag) {
		List<Element> children = new ArrayList<>();
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e && tag.equals(e.getLocalName())) {
				children.add(e);
			}
		}
		return children;
	}

}
