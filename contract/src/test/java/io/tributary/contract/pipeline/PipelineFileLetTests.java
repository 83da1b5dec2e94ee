package io.tributary.contract.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Derived fields: a pipeline's {@code let}, in order, named like fields, not clashing with enrichments. */
class PipelineFileLetTests {

	private static String file(String let) {
		return """
				streams:
				  clicks: {}
				lookups:
				  pages: {}
				pipelines:
				  per-site:
				    source: clicks
				    enrich:
				      - { lookup: pages, key: event.page, as: site }
				    let:
				%s
				    key-by: site
				    window: { type: tumbling, size: 10s }
				    aggregate:
				      clicks: count
				""".formatted(let);
	}

	@Test
	void derivedFieldsKeepTheirOrderAndExpressions() {
		PipelineDefinition p = PipelineFileLoader
			.load("p.yaml", file("      seconds: event.ms / 1000\n      slow: seconds > 2"), null)
			.pipeline("per-site")
			.orElseThrow();
		assertThat(p.let()).extracting(LetStep::name).containsExactly("seconds", "slow");
		assertThat(p.let().get(1).expression().text()).isEqualTo("seconds > 2");
		assertThat(p.let().get(0).expression().location()).isEqualTo("p.yaml:11:16 (pipelines.per-site.let.seconds)");
	}

	@Test
	void aNameThatIsNoFieldOrIsTakenOrAnEmptyExpressionIsRejected() {
		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> PipelineFileLoader.load("p.yaml",
					file("      site: event.page\n      bad-name: 1\n      ok: ''"), null))
			.satisfies((ex) -> assertThat(ex.problems()).containsExactly(
					"p.yaml:11:13: pipelines.per-site.let.site: 'site' is already the name of an enrichment or an earlier let",
					"p.yaml:12:17: pipelines.per-site.let.bad-name: 'bad-name' is not a valid field name (letters, digits, underscore)",
					"p.yaml:13:11: pipelines.per-site.let.ok: the expression is empty"));
	}

}
