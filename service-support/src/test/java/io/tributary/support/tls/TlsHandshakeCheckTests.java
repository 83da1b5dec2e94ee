package io.tributary.support.tls;

import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** A certificate problem stops the start-up; an outage does not; without TLS nothing is tried. */
class TlsHandshakeCheckTests {

	@Test
	void aFailedHandshakeStopsTheStartUp() {
		RedisConnectionFailureException failure = new RedisConnectionFailureException("Unable to connect",
				new IllegalStateException("wrapped", new SSLHandshakeException("PKIX path building failed")));
		TlsHandshakeCheck check = new TlsHandshakeCheck("Redis", true, () -> {
			throw failure;
		}, 0);

		assertThatExceptionOfType(RedisConnectionFailureException.class).isThrownBy(() -> check.run(new DefaultApplicationArguments()))
			.isSameAs(failure);
	}

	@Test
	void anUnreachableServerIsLeftToTheHealthChecks() {
		TlsHandshakeCheck check = new TlsHandshakeCheck("RabbitMQ", true, () -> {
			throw new AmqpConnectException(new ConnectException("Connection refused"));
		}, 0);

		assertThatNoException().isThrownBy(() -> check.run(new DefaultApplicationArguments()));
	}

	@Test
	void withoutTlsItDoesNotConnect() {
		AtomicInteger connections = new AtomicInteger();
		new TlsHandshakeCheck("Redis", false, connections::incrementAndGet, 0).run(new DefaultApplicationArguments());
		new TlsHandshakeCheck("Redis", true, connections::incrementAndGet, 0).run(new DefaultApplicationArguments());

		assertThat(connections).hasValue(1);
	}

	@Test
	void tlsIsOnWhenEnabledOrWhenABundleIsNamedAsSpringBootDecides() {
		String redis = "spring.data.redis.ssl";
		assertThat(TlsCheckAutoConfiguration.tls(new MockEnvironment(), redis)).isFalse();
		assertThat(TlsCheckAutoConfiguration.tls(new MockEnvironment().withProperty(redis + ".enabled", "true"), redis))
			.isTrue();
		assertThat(TlsCheckAutoConfiguration.tls(new MockEnvironment().withProperty(redis + ".bundle", "redis"), redis))
			.isTrue();
		assertThat(TlsCheckAutoConfiguration.tls(
				new MockEnvironment().withProperty(redis + ".bundle", "redis").withProperty(redis + ".enabled", "false"),
				redis))
			.isFalse();
	}

}
