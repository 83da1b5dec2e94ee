package io.tributary.support;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Each part of the module loads in every service that has its libraries: the query service has no
 * broker, so what every service loads (the failure analyzer, the namespace check, the problem
 * answers, the Tomcat rules) uses no broker library, and the binder-neutral broker part needs no Kafka.
 */
class ModuleArchitectureTests {

	// by location rather than DO_NOT_INCLUDE_TESTS, which expects target/: the build directory may be elsewhere
	private static final ImportOption MAIN_CLASSES_ONLY = (location) -> !location.contains("/test-classes/");

	private static final String[] BROKER_LIBRARIES = { "org.springframework.amqp..", "com.rabbitmq..",
			"org.springframework.kafka..", "org.apache.kafka..", "org.springframework.cloud..",
			"org.springframework.data.redis.." };

	private final JavaClasses module = new ClassFileImporter().withImportOption(MAIN_CLASSES_ONLY)
		.importPackages("io.tributary.support");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.tributary.support.(*)..").should().beFreeOfCycles().check(this.module);
	}

	@Test
	void whatEveryServiceLoadsUsesNoBrokerLibrary() {
		noClasses().that()
			.resideInAnyPackage("io.tributary.support.diagnostics..", "io.tributary.support.config..",
					"io.tributary.support.web..", "io.tributary.support.tomcat..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(BROKER_LIBRARIES)
			.check(this.module);
	}

	@Test
	void theBrokerPartNeedsNoKafka() {
		noClasses().that()
			.resideInAPackage("io.tributary.support.broker..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..", "io.tributary.support.kafka..")
			.check(this.module);
	}

}
