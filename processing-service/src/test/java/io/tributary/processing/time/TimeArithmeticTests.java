package io.tributary.processing.time;

import java.math.BigInteger;
import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Saturating arithmetic against exact big-integer arithmetic clamped to the long range. */
class TimeArithmeticTests {

	private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);

	private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

	@Test
	void plusAndMinusEqualExactArithmeticClampedToTheLongRange() {
		SplittableRandom random = new SplittableRandom(7);
		long[] edges = { Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE };
		for (int i = 0; i < 200_000; i++) {
			long a = i % 3 == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
			long b = i % 5 == 0 ? edges[random.nextInt(edges.length)] : random.nextLong() >> random.nextInt(64);
			assertThat(TimeArithmetic.plus(a, b)).as("%d + %d", a, b)
				.isEqualTo(clamp(BigInteger.valueOf(a).add(BigInteger.valueOf(b))));
			assertThat(TimeArithmetic.minus(a, b)).as("%d - %d", a, b)
				.isEqualTo(clamp(BigInteger.valueOf(a).subtract(BigInteger.valueOf(b))));
		}
	}

	@Test
	void millisHoldsADurationTooLargeForALongAtTheEndOfTheRange() {
		assertThat(TimeArithmetic.millis(Duration.ofSeconds(3, 7_000_000))).isEqualTo(3_007);
		assertThat(TimeArithmetic.millis(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
		assertThat(TimeArithmetic.millis(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
	}

	private static long clamp(BigInteger exact) {
		return exact.max(MIN).min(MAX).longValueExact();
	}

}
