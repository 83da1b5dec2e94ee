package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.tributary.contract.AcceptLagReport;
import io.tributary.contract.RedisKeys;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accept-lag report on a real Redis, read back as ingestion reads it: this instance's field with
 * the tracker's lag and the time written; a stopped instance's old field deleted; the own field
 * deleted on stop.
 */
class AcceptLagReporterIT {

	private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

	private final String ns = TestInfrastructure.newNamespace("proc-accept-lag");

	private final RedisKeys keys = new RedisKeys(this.ns);

	private final LettuceConnectionFactory factory = new LettuceConnectionFactory(TestInfrastructure.redis().host(),
			TestInfrastructure.redis().port());

	private final StringRedisTemplate redis;

	private long lagMillis = 1_250;

	AcceptLagReporterIT() {
		this.factory.afterPropertiesSet();
		this.redis = new StringRedisTemplate(this.factory);
	}

	@AfterEach
	void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(this.ns);
		this.factory.destroy();
	}

	@Test
	void writesItsLagAsItsFieldThatIngestionReadsAndExpiresTheHash() {
		AcceptLagReporter reporter = reporter("p-1", Clock.fixed(NOW, ZoneOffset.UTC));
		reporter.report();

		Map<Object, Object> fields = this.redis.opsForHash().entries(this.keys.acceptLag());
		assertThat(fields).containsOnlyKeys("p-1");
		assertThat(AcceptLagReport.parse((String) fields.get("p-1"))).isEqualTo(new AcceptLagReport(1_250, NOW));
		assertThat(AcceptLagReport.largestFresh(this.redis.<String, String>opsForHash().values(this.keys.acceptLag()),
				NOW.plusSeconds(1))).hasValue(1_250);
		assertThat(this.redis.getExpire(this.keys.acceptLag())).isPositive().isLessThanOrEqualTo(60);

		this.lagMillis = 0;
		reporter.report();
		assertThat(AcceptLagReport.parse((String) this.redis.opsForHash().get(this.keys.acceptLag(), "p-1")).lagMillis())
			.isZero();
	}

	@Test
	void deletesAStoppedInstancesFieldAfterAMinuteAndItsOwnOnStop() {
		this.redis.opsForHash().put(this.keys.acceptLag(), "crashed",
				new AcceptLagReport(9_000, NOW.minus(AcceptLagReporter.FORGET_AFTER).minusMillis(1)).encode());
		this.redis.opsForHash().put(this.keys.acceptLag(), "quiet-for-a-while",
				new AcceptLagReport(9_000, NOW.minusSeconds(30)).encode());
		AcceptLagReporter reporter = reporter("p-1", Clock.fixed(NOW, ZoneOffset.UTC));
		// the stopped instances' fields are looked for every 40 writes (every 10 s)
		for (int i = 0; i < 40; i++) {
			reporter.report();
		}
		assertThat(this.redis.opsForHash().keys(this.keys.acceptLag())).containsExactlyInAnyOrder("p-1",
				"quiet-for-a-while");

		reporter.start();
		reporter.stop();
		assertThat(this.redis.opsForHash().keys(this.keys.acceptLag())).containsExactly("quiet-for-a-while");
	}

	private AcceptLagReporter reporter(String instanceId, Clock clock) {
		return new AcceptLagReporter(() -> this.lagMillis, this.redis, this.keys, instanceId, clock);
	}

}
