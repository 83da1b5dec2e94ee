package io.tributary.processing.firstseen;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tributary.contract.pipeline.FirstSeenSpec;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time-bounded Bloom filter family against exact sets on generated streams: no false negatives
 * within the horizon, expiry after at most a generation more, and a measured false-positive rate
 * within the declared one.
 */
class SeenValuesTests {

	private static final Logger log = LoggerFactory.getLogger(SeenValuesTests.class);

	private static final long HOUR = 3_600_000;

	@Test
	void answersAsAnExactSetOfTheLastHorizonWithinTheDeclaredFalsePositiveRate() {
		double rate = 0.01;
		long expected = 20_000;
		FirstSeenSpec spec = new FirstSeenSpec(Duration.ofHours(4), rate, expected, "t");
		SeenValues seen = new SeenValues(spec, expected);
		long horizon = spec.horizon().toMillis();
		long span = spec.generationMillis();
		// exact reference: each value's last appearance
		Map<String, Long> last = new HashMap<>();
		Random random = new Random(14);
		int events = 400_000;
		long falseNegatives = 0;
		long newQueries = 0;
		long falsePositives = 0;
		long inGrace = 0;
		for (int i = 0; i < events; i++) {
			long t = i * (24 * HOUR / events); // one day: six horizons
			// a stream of returning values and new ones: about 20,000 distinct values per horizon
			String value = (random.nextInt(4) == 0) ? "new-" + i : "old-" + random.nextInt(15_000);
			Long previous = last.get(value);
			boolean answer = seen.contains(value);
			if (previous != null && t - previous <= horizon) {
				if (!answer) {
					falseNegatives++;
				}
			}
			else if (previous == null || t - previous > horizon + 2 * span) {
				newQueries++;
				if (answer) {
					falsePositives++;
				}
			}
			else {
				inGrace++;
			}
			seen.add(value, t);
			last.put(value, t);
			seen.expire(t);
		}
		double measured = (double) falsePositives / newQueries;
		log.info("first-seen filters: {} queries of values not seen within the horizon, {} taken for seen: "
				+ "false-positive rate {} (declared {}); {} answers in the expiry grace; {} live generations of {} bits",
				newQueries, falsePositives, String.format("%.5f", measured), rate, inGrace, seen.liveGenerations(),
				seen.bitsPerGeneration());
		assertThat(falseNegatives).as("values seen within the horizon are always seen").isZero();
		assertThat(newQueries).isGreaterThan(100_000);
		assertThat(measured).as("measured false-positive rate within the declared one").isLessThanOrEqualTo(rate);
	}

	@Test
	void aValueStaysSeenForAHorizonAfterItsLastAppearanceAndAtMostAGenerationLonger() {
		FirstSeenSpec spec = new FirstSeenSpec(Duration.ofHours(4), 0.001, 1000, "t");
		SeenValues seen = new SeenValues(spec, 1000);
		long span = spec.generationMillis();
		long appeared = 10 * HOUR + 123;
		seen.add("u", appeared);
		seen.expire(appeared);
		seen.expire(appeared + 4 * HOUR);
		assertThat(seen.contains("u")).as("one horizon after").isTrue();
		seen.expire(appeared + 4 * HOUR + span + 1);
		assertThat(seen.contains("u")).as("a horizon and a generation after").isFalse();
		// an appearance too old for any live generation is not recorded
		assertThat(seen.add("v", appeared)).isNull();
		assertThat(seen.contains("v")).isFalse();
	}

	@Test
	void statesTheMemoryPerMillionValues() {
		for (double rate : new double[] { 0.01, 0.001, 0.0001 }) {
			FirstSeenSpec spec = new FirstSeenSpec(Duration.ofDays(30), rate, 1_000_000, "t");
			SeenValues seen = new SeenValues(spec, 1_000_000);
			Set<Long> generations = new HashSet<>();
			for (int g = 0; g < SeenValues.LIVE_GENERATIONS; g++) {
				long t = g * spec.generationMillis();
				seen.add("v" + g, t);
				generations.add(seen.generationOf(t));
			}
			double megabytes = seen.sizeBytes() / 1e6;
			log.info("first-seen memory: false-positive rate {}, 1,000,000 values per horizon: {} bits per "
					+ "generation, {} generations live at most, {} MB", rate, seen.bitsPerGeneration(),
					generations.size(), String.format("%.1f", megabytes));
			assertThat(seen.sizeBytes()).isEqualTo(
					SeenValues.LIVE_GENERATIONS * (seen.sizeBytes() / SeenValues.LIVE_GENERATIONS));
		}
	}

}
