package io.tributary.contract;

import java.util.Map;

/**
 * What the window stage needs to finish a keyed event of a pipeline whose filter or derived fields
 * call {@code first-seen(field)}: the answer depends on the membership state of the partition that
 * owns the key, so those parts are evaluated there.
 *
 * @param event         the event's data
 * @param bound         the enrichments and the derived fields the route stage computed, by name
 * @param filterPending whether the filter's outcome depends on the answer (the route stage forwards
 *                      only events that pass it for at least one answer)
 */
public record FirstSeenInput(Map<String, Object> event, Map<String, Object> bound, boolean filterPending) {

	public FirstSeenInput {
		event = DataMaps.copy(event);
		bound = DataMaps.copy(bound);
	}

}
