package io.tributary.systemtests;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.tributary.systemtests");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.tributary.systemtests.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void theWorkloadKnowsNothingOfHowItIsSent() {
		noClasses().that().resideInAPackage("..systemtests.ysb..")
			.should().dependOnClassesThat().resideInAnyPackage("..systemtests.client..", "..systemtests.launch..",
					"..systemtests.bench..", "com.rabbitmq..", "io.lettuce..")
			.check(this.classes);
	}

	@Test
	void noServiceCodeIsUsedOnlyTheContract() {
		noClasses().should().dependOnClassesThat().resideInAnyPackage("io.tributary.ingestion..",
				"io.tributary.processing..", "io.tributary.storage..", "io.tributary.query..")
			.check(this.classes);
	}

}
