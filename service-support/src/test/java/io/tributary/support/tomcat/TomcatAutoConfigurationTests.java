package io.tributary.support.tomcat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The header deadline's property binds (10s unless set) and the hardening puts its protocol on the factory. */
class TomcatAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatAutoConfiguration.class));

	@Test
	void theDeadlineIsTenSecondsUnlessSet() {
		this.runner.run((context) -> assertThat(context.getBean(TomcatHttpProperties.class).headerReadTimeout())
			.isEqualTo(Duration.ofSeconds(10)));
		this.runner.withPropertyValues("tributary.http.header-read-timeout=3s")
			.run((context) -> assertThat(context.getBean(TomcatHttpProperties.class).headerReadTimeout())
				.isEqualTo(Duration.ofSeconds(3)));
	}

	@Test
	void aDeadlineBelowOneMillisecondIsRefused() {
		this.runner.withPropertyValues("tributary.http.header-read-timeout=0s")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void theFactoryUsesTheProtocolWithTheDeadline() {
		this.runner.run((context) -> {
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
			context.getBean(TomcatHardening.class).customize(factory);
			assertThat(factory.getProtocol()).isEqualTo(HeaderDeadlineProtocol.class.getName());
		});
	}

}
