package io.tributary.processing.stream;

import java.util.Map;

import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What a test of processing on the tests' pipelines ({@code it-pipelines.yaml}) sets up for each of
 * its tests: a namespace of its own, a {@link ProcessingTestBed} in it with users {@code u1} and
 * {@code u2} in region {@code eu} and {@code u3} in {@code us}, and {@link Clicks} to publish through
 * it; the bed is closed after the test.
 */
abstract class ClicksTestBase {

	final String ns;

	ProcessingTestBed bed;

	Clicks clicks;

	/** @param namespacePrefix the start of the namespace's name, naming the test */
	ClicksTestBase(String namespacePrefix) {
		this.ns = TestInfrastructure.newNamespace(namespacePrefix);
	}

	@BeforeEach
	final void connectTestBed() {
		this.bed = new ProcessingTestBed(this.ns, "src/test/resources/it-pipelines.yaml",
				Map.of("u1", "\"eu\"", "u2", "\"eu\"", "u3", "\"us\""));
		this.clicks = new Clicks(this.bed);
	}

	@AfterEach
	final void closeTestBed() {
		this.bed.close();
	}

}
