package io.tributary.query;

import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.tributary.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("io.tributary.query.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule theSharedWebPlumbingKnowsNoFeature = noClasses().that()
		.resideInAPackage("io.tributary.query.web..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.tributary.query.pipeline..", "io.tributary.query.result..",
				"io.tributary.query.record..");

	/** A query service that wrote would race storage-service, which owns every key. */
	@ArchTest
	static final ArchRule theServiceNeverWritesToRedis = noClasses().should()
		.callMethodWhere(describe("a Redis write",
				(JavaMethodCall call) -> call.getTarget().getOwner().getPackageName().startsWith("org.springframework.data.redis")
						&& call.getTarget().getName().matches("(put|set|add|delete|remove|increment|expire|execute).*")));

}
