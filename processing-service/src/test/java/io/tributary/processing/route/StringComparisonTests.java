package io.tributary.processing.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.pipeline.Expression;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filter comparing an event field with a string is evaluated without the CEL interpreter when the
 * field holds a string; for every event it gives what the CEL program gives, or fails as it fails.
 */
class StringComparisonTests {

	private static final List<String> COMPARISONS = List.of("event.event_type == \"view\"", "event.event_type != 'view'",
			"\"view\" == event.event_type", " 'view'!=event.event_type ", "event.event_type == \"\"",
			"event.event_type == 'vïew ✓'");

	private static final List<String> OTHERS = List.of("event.event_type == \"a\\\"b\"", "event.event_type == r'view'",
			"event.event_type == 'view' || event.event_type == 'click'", "event.n == 1", "event.event_type == event.other");

	@Test
	void givesWhatCelGivesForEveryValueTheFieldMayHold() throws EvaluationException {
		List<Map<String, Object>> events = new ArrayList<>();
		for (Object value : new Object[] { "view", "View", "viewx", "", "vïew ✓", "a\"b", 1L, 1.0, true, List.of("view"),
				Map.of("view", "view") }) {
			events.add(Map.of("event_type", value, "other", "view", "n", 1L));
		}
		Map<String, Object> withNull = new HashMap<>();
		withNull.put("event_type", null);
		events.add(withNull);
		events.add(Map.of());
		for (String text : concat(COMPARISONS, OTHERS)) {
			Expression expression = new Expression(text, "p.yaml:1:1 (pipelines.p.filter)");
			CompiledExpression compiled = CompiledExpression.compile(expression, List.of());
			CompiledExpression cel = CompiledExpression.compileWithCel(expression, List.of());
			for (Map<String, Object> event : events) {
				assertThat(outcome(compiled, event)).as("%s on %s", text, event).isEqualTo(outcome(cel, event));
			}
		}
	}

	@Test
	void takesTheShortcutForComparisonsWithAPlainStringOnly() {
		for (String text : COMPARISONS) {
			assertThat(CompiledExpression.compile(new Expression(text, "l"), List.of())).as(text)
				.isNotInstanceOf(CompiledExpression.CelProgram.class);
		}
		for (String text : OTHERS) {
			assertThat(CompiledExpression.compile(new Expression(text, "l"), List.of())).as(text)
				.isInstanceOf(CompiledExpression.CelProgram.class);
		}
	}

	/** The value, or the failure's type. */
	private static Object outcome(CompiledExpression expression, Map<String, Object> event) {
		try {
			Object value = expression.evaluate(event, Map.of());
			return (value != null) ? value : "null";
		}
		catch (EvaluationException ex) {
			return EvaluationException.class;
		}
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
