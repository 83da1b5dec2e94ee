package io.tributary.contract.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** An alert rule's {@code notify}: target names only, each valid and named once. */
class PipelineFileNotifyTests {

	private static String file(String notify) {
		return """
				streams:
				  clicks: {}
				pipelines:
				  per-page:
				    source: clicks
				    key-by: page
				    window: { type: tumbling, size: 10s }
				    aggregate: { clicks: count }
				    alerts:
				      busy:
				        when: clicks > 100
				%s""".formatted(notify.indent(8));
	}

	private static AlertRule rule(String notify) {
		return PipelineFileLoader.load("p.yaml", file(notify), null)
			.pipeline("per-page")
			.orElseThrow()
			.alerts()
			.get(0);
	}

	@Test
	void aRuleNamesItsTargetsInOrderWithTheirPlaces() {
		AlertRule rule = rule("notify: [ops-hook, team_chat]");

		assertThat(rule.notifyTargets()).extracting(NotifyTarget::name).containsExactly("ops-hook", "team_chat");
		assertThat(rule.notifyTargets().get(1).location()).startsWith("p.yaml:12:")
			.contains("pipelines.per-page.alerts.busy.notify[1]");
	}

	@Test
	void oneTargetMayBeNamedWithoutAList() {
		assertThat(rule("notify: ops-hook").notifyTargets()).extracting(NotifyTarget::name).containsExactly("ops-hook");
	}

	@Test
	void aRuleWithoutNotifyNotifiesNoOne() {
		assertThat(rule("severity: info").notifyTargets()).isEmpty();
	}

	@Test
	void badNamesDuplicatesAndMappingsAreErrorsAtTheirPlace() {
		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> rule("notify: [ops-hook, 'https://hooks.example/x', ops-hook]"))
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(2)
				.anySatisfy((p) -> assertThat(p).contains("alerts.busy.notify[1]",
						"'https://hooks.example/x' is not a valid target name"))
				.anySatisfy((p) -> assertThat(p).contains("alerts.busy.notify[2]", "target 'ops-hook' is named twice")));
		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> rule("notify: { url: 'https://hooks.example/x' }"))
			.withMessageContaining("alerts.busy.notify")
			.withMessageContaining("expected a target name or a list of them");
	}

}
