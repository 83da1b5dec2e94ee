package io.tributary.contract;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract stays a plain jar: records, wire format, header and destination names, the Redis key
 * layout and the pipeline model, usable by any client. Spring, the binders and the broker clients
 * belong to the services and to service-support.
 */
class PlainContractTests {

	// by location rather than DO_NOT_INCLUDE_TESTS, which expects target/: the build directory may be elsewhere
	private static final ImportOption MAIN_CLASSES_ONLY = (location) -> !location.contains("/test-classes/");

	private final JavaClasses contract = new ClassFileImporter().withImportOption(MAIN_CLASSES_ONLY)
		.importPackages("io.tributary.contract");

	@Test
	void theContractIsImportedAsAWhole() {
		assertThat(this.contract.contain(WireFormat.class)).isTrue();
		assertThat(this.contract.contain(io.tributary.contract.pipeline.PipelineFileLoader.class)).isTrue();
	}

	@Test
	void theContractDependsOnNoSpringNoBinderAndNoBrokerClient() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "org.apache.kafka..", "com.rabbitmq..")
			.because("the contract is a plain jar; Spring plumbing lives in service-support")
			.check(this.contract);
	}

}
