package io.tributary.support;

import io.tributary.support.broker.BrokerAutoConfiguration;
import io.tributary.support.diagnostics.StartupFailureAnalyzer;
import io.tributary.support.kafka.KafkaBinderAutoConfiguration;
import io.tributary.support.tls.TlsCheckAutoConfiguration;
import io.tributary.support.tomcat.TomcatAutoConfiguration;
import io.tributary.support.web.ProblemErrorAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** A service gets the shared plumbing by depending on this module: it is registered where Spring Boot looks. */
class RegistrationTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void theAutoConfigurationsAreRegistered() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, this.classLoader).getCandidates())
			.contains(BrokerAutoConfiguration.class.getName(), KafkaBinderAutoConfiguration.class.getName(),
					TlsCheckAutoConfiguration.class.getName(), ProblemErrorAutoConfiguration.class.getName(),
					TomcatAutoConfiguration.class.getName());
	}

	@Test
	void theFailureAnalyzerIsRegistered() {
		// Spring Boot's own analyzers need constructor arguments: skipped here
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation(this.classLoader)
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, failure) -> {
			})))
			.anySatisfy((analyzer) -> assertThat(analyzer).isInstanceOf(StartupFailureAnalyzer.class));
	}

}
