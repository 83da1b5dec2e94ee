package io.tributary.storage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.tributary.storage");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.tributary.storage.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void theStoreOnlyUsesSpringInItsConfiguration() {
		noClasses().that()
			.resideInAPackage("io.tributary.storage.store..")
			.and()
			.haveNameNotMatching(".*\\.StoreConfiguration(\\$.*)?")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(this.classes);
	}

}
