package io.tributary.processing.route;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.PipelineDefinition;

/**
 * The fields a keyed event carries: the first segments of the fields the aggregations and a graph's
 * edges read.
 */
final class CarriedFields {

	private final Set<String> names;

	CarriedFields(PipelineDefinition definition) {
		Set<String> fields = new LinkedHashSet<>();
		for (AggregateSpec a : definition.aggregates()) {
			if (a.field() != null) {
				fields.add(a.field().split("\\.", 2)[0]);
			}
		}
		if (definition.graph() != null) {
			for (String field : definition.graph().fields()) {
				fields.add(field.split("\\.", 2)[0]);
			}
		}
		this.names = fields;
	}

	/** The carried fields' names. */
	Set<String> names() {
		return this.names;
	}

	/** Each carried field's value: a bound name (enrichment, derived field) first, else the event's field. */
	Map<String, Object> of(Map<String, Object> event, Map<String, Object> bound) {
		if (this.names.isEmpty()) {
			return Map.of();
		}
		Map<String, Object> values = new HashMap<>();
		for (String field : this.names) {
			Object v = bound.containsKey(field) ? bound.get(field) : event.get(field);
			if (v != null) {
				values.put(field, v);
			}
		}
		return values;
	}

}
