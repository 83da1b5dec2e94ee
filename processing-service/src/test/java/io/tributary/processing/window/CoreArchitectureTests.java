package io.tributary.processing.window;

import java.util.Arrays;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The processing core (windows, routing, alerts, forecasts, first-seen) stays plain Java: no Spring, no
 * dependency on the service around it, no cycles.
 */
class CoreArchitectureTests {

	private static final String[] CORE = { "io.tributary.processing.window..", "io.tributary.processing.time..",
			"io.tributary.processing.alert..", "io.tributary.processing.forecast..", "io.tributary.processing.state..",
			"io.tributary.processing.graph..", "io.tributary.processing.firstseen..", "io.tributary.processing.route.." };

	// by location rather than DO_NOT_INCLUDE_TESTS, which expects target/: the build directory may be elsewhere
	private static final ImportOption MAIN_CLASSES_ONLY = (location) -> !location.contains("/test-classes/");

	private final JavaClasses core = new ClassFileImporter().withImportOption(MAIN_CLASSES_ONLY)
		.importPackages("io.tributary.processing.window", "io.tributary.processing.time",
				"io.tributary.processing.alert", "io.tributary.processing.forecast", "io.tributary.processing.state",
				"io.tributary.processing.graph", "io.tributary.processing.firstseen", "io.tributary.processing.route");

	@Test
	void theCoreDoesNotDependOnSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(this.core);
	}

	@Test
	void theCoreDependsOnlyOnTheJdkTheContractItsLibrariesAndItself() {
		classes().should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(concat(CORE, "java..", "io.tributary.contract..", "org.jspecify.annotations..",
					"com.fasterxml.jackson.annotation..", "org.apache.commons.math3.distribution..",
					// expressions (route; first-seen's part in the window stage) and first-seen's Bloom filters
					"dev.cel..", "org.apache.datasketches.filters.bloomfilter.."))
			.check(this.core);
	}

	@Test
	void theCorePackagesHaveNoCycles() {
		slices().matching("io.tributary.processing.(*)..").should().beFreeOfCycles().check(this.core);
	}

	private static String[] concat(String[] first, String... more) {
		String[] all = Arrays.copyOf(first, first.length + more.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

}
