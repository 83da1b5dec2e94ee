package io.tributary.processing.route;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.tributary.contract.FirstSeenInput;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.pipeline.FirstSeenCalls;
import io.tributary.contract.pipeline.PipelineDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Which value an event of a pipeline that calls {@code first-seen(field)} asks about: its key when
 * the call names the key-by field, or, when the key is a constant (every event in one partition), the
 * value of the named field in the event's carried data or among the values bound before it
 * ({@link FirstSeenInput}), written as a key is ({@code 42} and {@code "42"} are one value).
 * Thread-safe.
 */
public final class FirstSeenValue {

	/** The field's path from the event's data ({@code event}) or a bound name; null when the key is the value. */
	private final @Nullable List<String> path;

	private final String field;

	private FirstSeenValue(@Nullable List<String> path, String field) {
		this.path = path;
		this.field = field;
	}

	/** For a pipeline that calls {@code first-seen}. */
	public static FirstSeenValue of(PipelineDefinition definition) {
		String field = FirstSeenCalls.askedField(definition);
		if (field == null || definition.graph() != null || !FirstSeenCalls.isConstantKey(definition.keyBy())) {
			// the parser lets a call name only the key-by field then
			return new FirstSeenValue(null, definition.keyBy().text().trim());
		}
		return new FirstSeenValue(Arrays.asList(field.split("\\.")), field);
	}

	/**
	 * The value the event asks about, as text.
	 * @throws IllegalArgumentException when the field is absent, null, empty or not a string, number or
	 * boolean (for a dead letter, as a key-by without a value)
	 */
	public String in(KeyedEvent event) {
		if (this.path == null) {
			return event.key();
		}
		FirstSeenInput input = event.firstSeen();
		if (input == null) {
			throw new IllegalArgumentException("keyed event of a pipeline that calls first-seen without its input");
		}
		Object value = this.path.get(0).equals("event") ? input.event() : input.bound().get(this.path.get(0));
		for (int i = 1; i < this.path.size() && value != null; i++) {
			value = (value instanceof Map<?, ?> map) ? map.get(this.path.get(i)) : null;
		}
		String text = KeyText.of(value);
		if (text == null) {
			throw new IllegalArgumentException(FirstSeenCalls.FUNCTION + "(" + this.field + ") asks about "
					+ KeyText.describe(value).replace("a key must", "a value must"));
		}
		return text;
	}

}
