package io.tributary.support.tls;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * A {@link TlsHandshakeCheck} for Redis and one for RabbitMQ, each where the service has the client
 * library, active when Spring Boot's properties turn TLS on ({@code ...ssl.enabled} or an SSL bundle).
 */
@AutoConfiguration
public final class TlsCheckAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
	static class RedisCheck {

		@Bean
		TlsHandshakeCheck redisTlsHandshakeCheck(
				ObjectProvider<org.springframework.data.redis.connection.RedisConnectionFactory> factory,
				Environment environment) {
			return new TlsHandshakeCheck("Redis", tls(environment, "spring.data.redis.ssl"), () -> {
				var redis = factory.getIfAvailable();
				if (redis != null) {
					try (var connection = redis.getConnection()) {
						connection.ping();
					}
				}
			}, Ordered.HIGHEST_PRECEDENCE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.amqp.rabbit.connection.ConnectionFactory")
	static class RabbitCheck {

		@Bean
		TlsHandshakeCheck rabbitTlsHandshakeCheck(
				ObjectProvider<org.springframework.amqp.rabbit.connection.ConnectionFactory> factory,
				Environment environment) {
			return new TlsHandshakeCheck("RabbitMQ", tls(environment, "spring.rabbitmq.ssl"), () -> {
				var rabbit = factory.getIfAvailable();
				if (rabbit != null) {
					rabbit.createConnection().close();
				}
			}, Ordered.HIGHEST_PRECEDENCE + 1);
		}

	}

	/** Boot's rule: TLS is on when {@code <prefix>.enabled} says so, or when a bundle is named. */
	static boolean tls(Environment environment, String prefix) {
		Boolean enabled = environment.getProperty(prefix + ".enabled", Boolean.class);
		return (enabled != null) ? enabled : environment.containsProperty(prefix + ".bundle");
	}

}
