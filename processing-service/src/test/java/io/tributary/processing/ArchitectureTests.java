package io.tributary.processing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The service's packages: no cycles, and the route stage core knows nothing of Spring. */
class ArchitectureTests {

	// by location rather than DO_NOT_INCLUDE_TESTS, which expects target/: the build directory may be elsewhere
	private static final ImportOption MAIN_CLASSES_ONLY = (location) -> !location.contains("/test-classes/");

	private final JavaClasses service = new ClassFileImporter().withImportOption(MAIN_CLASSES_ONLY)
		.importPackages("io.tributary.processing");

	@Test
	void servicePackagesHaveNoCycles() {
		slices().matching("io.tributary.processing.(*)..").should().beFreeOfCycles().check(this.service);
	}

	@Test
	void theRouteStageCoreDoesNotDependOnSpring() {
		noClasses().that()
			.resideInAPackage("io.tributary.processing.route..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(this.service);
	}

	@Test
	void onlyTheStreamStagesAndWiringTalkToTheBroker() {
		noClasses().that()
			.resideInAnyPackage("io.tributary.processing.route..", "io.tributary.processing.window..",
					"io.tributary.processing.time..", "io.tributary.processing.checkpoint..", "io.tributary.processing.lookup..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.cloud.stream..", "org.springframework.amqp..")
			.check(this.service);
	}

}
