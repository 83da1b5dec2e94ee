package io.tributary.systemtests.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTests {

	@Test
	void nearestRankOnOneToHundred() {
		List<Long> sample = new ArrayList<>();
		for (long i = 100; i >= 1; i--) {
			sample.add(i);
		}
		Collections.shuffle(sample);

		assertThat(Percentiles.of(sample)).isEqualTo(new Percentiles(100, 50, 95, 99, 100));
	}

	@Test
	void smallSamplesTakeTheValueThatCoversThePercentile() {
		assertThat(Percentiles.of(List.of(7L))).isEqualTo(new Percentiles(1, 7, 7, 7, 7));
		// 50% of 3 values: rank 2; 95% and 99%: rank 3
		assertThat(Percentiles.of(List.of(30L, 10L, 20L))).isEqualTo(new Percentiles(3, 20, 30, 30, 30));
	}

	@Test
	void anEmptySampleSaysSo() {
		assertThat(Percentiles.of(List.of()).describe()).isEqualTo("no samples");
		assertThat(Percentiles.of(List.of(5L, 9L)).describe()).isEqualTo("p50 5 ms, p95 9 ms, p99 9 ms, max 9 ms (n=2)");
	}

}
