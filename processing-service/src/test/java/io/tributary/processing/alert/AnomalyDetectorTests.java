package io.tributary.processing.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.Expression;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The detector on generated series with injected anomalies. The reference is the generator: where
 * it injected an anomaly and where it did not.
 */
class AnomalyDetectorTests {

	private static final Logger log = LoggerFactory.getLogger(AnomalyDetectorTests.class);

	/** The false alarm bound we state: at most this fraction of clean windows breach (at sensitivity 4). */
	static final double FALSE_ALARM_BOUND = 0.005;

	private static AlertRule rule(double sensitivity, int warmUp, double smoothing, AlertRule.Direction direction) {
		return new AlertRule("r", AlertRule.Kind.ANOMALY, null, "m", sensitivity, warmUp, smoothing, direction,
				AlertRule.Severity.WARNING, null, "t");
	}

	@Test
	void catchesEveryInjectedAnomalyWithFewFalseAlarms() {
		AlertRule rule = rule(4, 20, 0.1, AlertRule.Direction.BOTH);
		Random random = new Random(20261124);
		int keys = 50;
		int windows = 1000;
		long clean = 0;
		long falseAlarms = 0;
		long injected = 0;
		long caught = 0;
		for (int k = 0; k < keys; k++) {
			// each key its own level and noise: counts around a few hundred to a few thousand
			double level = 200 + random.nextInt(5000);
			double sigma = Math.sqrt(level) * (1 + random.nextDouble());
			Set<Integer> anomalies = anomalyPositions(random, windows);
			AnomalyDetector detector = new AnomalyDetector();
			for (int w = 0; w < windows; w++) {
				double value = level + sigma * random.nextGaussian();
				boolean anomaly = anomalies.contains(w);
				if (anomaly) {
					double size = 8 + 4 * random.nextDouble();
					value = level + (random.nextBoolean() ? size : -size) * sigma;
				}
				AnomalyDetector.Judgement judgement = detector.observe(value, rule);
				if (anomaly) {
					injected++;
					if (judgement.breach()) {
						caught++;
					}
				}
				else if (w >= rule.warmUp()) {
					clean++;
					if (judgement.breach()) {
						falseAlarms++;
					}
				}
			}
		}
		double rate = (double) falseAlarms / clean;
		log.info(String.format("anomalies caught %d/%d, false alarms %d/%d clean windows (%.4f%%, bound %.2f%%)",
				caught, injected, falseAlarms, clean, rate * 100, FALSE_ALARM_BOUND * 100));
		assertThat(injected).isGreaterThan(500);
		assertThat(caught).as("every injected anomaly is caught").isEqualTo(injected);
		assertThat(rate).as("false alarm rate on clean windows").isLessThan(FALSE_ALARM_BOUND);
	}

	/** After warm-up, at least 15 windows apart. */
	private static Set<Integer> anomalyPositions(Random random, int windows) {
		Set<Integer> positions = new TreeSet<>();
		int w = 30 + random.nextInt(20);
		while (w < windows) {
			positions.add(w);
			w += 15 + random.nextInt(40);
		}
		return positions;
	}

	@Test
	void meanAndVarianceFollowTheExponentiallyWeightedDefinition() {
		AlertRule rule = rule(100, 2, 0.2, AlertRule.Direction.BOTH);
		Random random = new Random(7);
		List<Double> values = new ArrayList<>();
		AnomalyDetector detector = new AnomalyDetector();
		for (int i = 0; i < 200; i++) {
			double value = 50 + 10 * random.nextGaussian();
			values.add(value);
			detector.observe(value, rule);
		}
		// reference: weights by definition, the first 1/smoothing values as a plain average, then
		// each older value decays by (1 - smoothing) per newer one
		int n = values.size();
		double[] weights = new double[n];
		for (int i = 0; i < n; i++) {
			double weight = 1;
			int start = Math.max(i, 4);
			if (i <= 4) {
				weight = 1.0 / 5;
			}
			else {
				weight = 0.2;
			}
			for (int j = start + 1; j < n; j++) {
				weight *= 0.8;
			}
			weights[i] = weight;
		}
		double mean = 0;
		for (int i = 0; i < n; i++) {
			mean += weights[i] * values.get(i);
		}
		double variance = 0;
		for (int i = 0; i < n; i++) {
			variance += weights[i] * (values.get(i) - mean) * (values.get(i) - mean);
		}
		assertThat(detector.mean).isCloseTo(mean, within(1e-9));
		assertThat(detector.variance).isCloseTo(variance, within(1e-6));
	}

	@Test
	void judgesOnlyAfterWarmUpAndByDirection() {
		AlertRule up = rule(3, 5, 0.1, AlertRule.Direction.UP);
		AnomalyDetector detector = new AnomalyDetector();
		double[] history = { 10, 12, 11, 9, 10 };
		for (double value : history) {
			// a value far off during warm-up never alerts
			assertThat(detector.observe(value, up).breach()).isFalse();
		}
		assertThat(detector.observe(-100, up).breach()).as("down is not up").isFalse();
		AnomalyDetector other = new AnomalyDetector();
		for (double value : history) {
			other.observe(value, up);
		}
		AnomalyDetector.Judgement spike = other.observe(100, up);
		assertThat(spike.breach()).isTrue();
		assertThat(spike.expected()).isCloseTo(10.4, within(1e-9));
		assertThat(spike.deviation()).isGreaterThan(3);
	}

	@Test
	void aLastingLevelShiftIsLearned() {
		AlertRule rule = rule(4, 20, 0.1, AlertRule.Direction.BOTH);
		Random random = new Random(3);
		AnomalyDetector detector = new AnomalyDetector();
		for (int i = 0; i < 100; i++) {
			detector.observe(100 + 5 * random.nextGaussian(), rule);
		}
		int breaches = 0;
		boolean lastBreached = true;
		for (int i = 0; i < 200; i++) {
			lastBreached = detector.observe(200 + 5 * random.nextGaussian(), rule).breach();
			breaches += lastBreached ? 1 : 0;
		}
		assertThat(breaches).as("the shift alerts for a while").isGreaterThan(0).isLessThan(100);
		assertThat(lastBreached).as("then it is the new normal").isFalse();
	}

	@Test
	void conditionsReadAsWords() {
		// a threshold rule carries its condition's text as the alert's condition
		AlertRule threshold = AlertRule.threshold("high", new Expression("views > 1000", "f:1:1"),
				AlertRule.Severity.CRITICAL);
		assertThat(threshold.condition()).isEqualTo("views > 1000");
		assertThat(rule(4, 20, 0.1, AlertRule.Direction.UP).condition())
			.isEqualTo("m more than 4 standard deviations above its recent average");
	}

}
