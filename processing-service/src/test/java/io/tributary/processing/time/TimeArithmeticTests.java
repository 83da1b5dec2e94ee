package io.tributary.processing.time;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
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

	@Test
	void epochMillisEqualsExactFlooredMillisClampedToTheLongRange() {
		SplittableRandom random = new SplittableRandom(11);
		long[] edges = { Instant.MIN.getEpochSecond(), Long.MIN_VALUE / 1000 - 1, Long.MIN_VALUE / 1000, -1, 0,
				Long.MAX_VALUE / 1000, Long.MAX_VALUE / 1000 + 1, Instant.MAX.getEpochSecond() };
		for (int i = 0; i < 100_000; i++) {
			long seconds = i % 2 == 0 ? edges[random.nextInt(edges.length)]
					: random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond() + 1);
			int nanos = random.nextInt(1_000_000_000);
			Instant instant = Instant.ofEpochSecond(seconds, nanos);
			BigInteger exact = BigInteger.valueOf(seconds).multiply(BigInteger.valueOf(1000))
				.add(BigInteger.valueOf(nanos / 1_000_000));
			assertThat(TimeArithmetic.epochMillis(instant)).as("%s", instant).isEqualTo(clamp(exact));
		}
		assertThat(TimeArithmetic.epochMillis(Instant.parse("9999-01-01T00:00:00.123Z")))
			.isEqualTo(Instant.parse("9999-01-01T00:00:00.123Z").toEpochMilli());
	}

	private static long clamp(BigInteger exact) {
		return exact.max(MIN).min(MAX).longValueExact();
	}

}
