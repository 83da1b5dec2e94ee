package io.tributary.ingestion;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.tributary.ingestion");

	@Test
	void packagesHaveNoCycles() {
		// Every package its own slice, the root package (application, properties, wiring) included.
		slices().matching("io.tributary.(**)").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void theIntakeCoreKnowsNothingOfSpring() {
		noClasses().that()
			.resideInAPackage("io.tributary.ingestion.intake..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(CLASSES);
	}

}
