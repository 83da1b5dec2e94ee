package io.tributary.processing.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.FirstSeenInput;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.pipeline.EnrichStep;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.FirstSeenCalls;
import io.tributary.contract.pipeline.LetStep;
import io.tributary.contract.pipeline.PipelineDefinition;
import org.jspecify.annotations.Nullable;

/**
 * The part of a pipeline that calls {@code first-seen(field)}, evaluated in the window stage, where
 * the partition that owns the key knows whether the key's value is new: the filter when its outcome
 * depends on the answer, and the derived fields that use the answer (in order). Each call is the
 * boolean variable {@link FirstSeenCalls#VARIABLE}. Thread-safe.
 */
public final class WindowStageExpressions {

	private final @Nullable CompiledExpression filter;

	private final List<String> letNames = new ArrayList<>();

	private final List<CompiledExpression> lets = new ArrayList<>();

	private final CarriedFields carried;

	private WindowStageExpressions(PipelineDefinition definition) {
		List<String> bound = boundNames(definition);
		bound.add(FirstSeenCalls.VARIABLE);
		Expression filterExpression = definition.filter();
		// the filter runs before the enrichments, as in the route stage: it sees the event and the answer only
		this.filter = (filterExpression == null) ? null : compile(filterExpression, List.of(FirstSeenCalls.VARIABLE));
		var windowStage = FirstSeenCalls.windowStageLets(definition.let());
		for (LetStep let : definition.let()) {
			if (windowStage.contains(let.name())) {
				this.letNames.add(let.name());
				this.lets.add(compile(let.expression(), bound));
			}
		}
		this.carried = new CarriedFields(definition);
	}

	/** The window-stage part of a pipeline that calls {@code first-seen}; null for any other pipeline. */
	public static @Nullable WindowStageExpressions of(PipelineDefinition definition) {
		return definition.usesFirstSeen() ? new WindowStageExpressions(definition) : null;
	}

	/** Every name an expression of the pipeline may read besides {@code event}: enrichments, then lets. */
	private static List<String> boundNames(PipelineDefinition definition) {
		List<String> bound = new ArrayList<>();
		for (EnrichStep step : definition.enrich()) {
			bound.add(step.as());
		}
		for (LetStep let : definition.let()) {
			bound.add(let.name());
		}
		return bound;
	}

	/** An expression with its {@code first-seen} calls compiled to the answer's variable. */
	static CompiledExpression compile(Expression expression, List<String> bound) {
		Expression rewritten = new Expression(FirstSeenCalls.rewrite(expression.text()), expression.location());
		return CompiledExpression.compile(rewritten, bound);
	}

	/**
	 * The values the aggregations read from the event, given whether its key's value is new; null when
	 * the filter rejects it.
	 * @throws IllegalArgumentException when an expression fails on the event (its reason, for a dead letter)
	 */
	public @Nullable Map<String, Object> evaluate(KeyedEvent event, boolean firstSeen) {
		FirstSeenInput input = event.firstSeen();
		if (input == null) {
			throw new IllegalArgumentException("keyed event of a pipeline that calls first-seen without its input");
		}
		Map<String, Object> bound = new LinkedHashMap<>(input.bound());
		bound.put(FirstSeenCalls.VARIABLE, firstSeen);
		try {
			if (input.filterPending() && this.filter != null) {
				Object pass = this.filter.evaluate(input.event(), Map.of(FirstSeenCalls.VARIABLE, firstSeen));
				if (!(pass instanceof Boolean b)) {
					throw new EvaluationException("filter '" + this.filter.text + "' gave "
							+ (pass == null ? "no value" : "a " + pass.getClass().getSimpleName()) + ", not true/false");
				}
				if (!b) {
					return null;
				}
			}
			for (int i = 0; i < this.lets.size(); i++) {
				Object value = this.lets.get(i).evaluate(input.event(), bound);
				if (value != null) {
					bound.put(this.letNames.get(i), value);
				}
			}
		}
		catch (EvaluationException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
		bound.remove(FirstSeenCalls.VARIABLE);
		return this.carried.of(input.event(), bound);
	}

}
