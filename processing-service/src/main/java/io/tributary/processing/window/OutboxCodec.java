package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import org.jspecify.annotations.Nullable;

/**
 * The outbox as a checkpoint stores it: the {@link ResultBatch} JSON, in which a result whose
 * accumulator state the same checkpoint writes for its window leaves the state out and names the
 * window's field instead. A window that fires carries its sketches in its state and in its result,
 * and at a window boundary those results are about half of the checkpoint; a result's state is only
 * read back from the outbox after a crash, and then the window's field, written by the same atomic
 * checkpoint, holds exactly it (the outbox is replaced by every checkpoint, so it never outlives the
 * window states it names). An outbox written before this form, a plain {@code ResultBatch}, reads as
 * it did.
 */
public final class OutboxCodec {

	/**
	 * @param batch   the outbox, the results named in {@code stateOf} without their state
	 * @param stateOf index in {@code batch.results} (as text) to the window field holding its state
	 */
	record StoredOutbox(@JsonProperty("batch") @Nullable ResultBatch batch,
			@JsonProperty("stateOf") @Nullable Map<String, String> stateOf) {
	}

	private OutboxCodec() {
	}

	/** @param statesInWindows results (by identity) whose state the checkpoint writes in this window field */
	public static String encode(ResultBatch outbox, Map<WindowResult, String> statesInWindows) {
		if (statesInWindows.isEmpty()) {
			return WireFormat.writeString(outbox);
		}
		List<WindowResult> results = new ArrayList<>(outbox.results());
		Map<String, String> stateOf = new LinkedHashMap<>();
		for (int i = 0; i < results.size(); i++) {
			String field = statesInWindows.get(results.get(i));
			if (field != null) {
				results.set(i, results.get(i).withoutState());
				stateOf.put(Integer.toString(i), field);
			}
		}
		if (stateOf.isEmpty()) {
			return WireFormat.writeString(outbox);
		}
		ResultBatch batch = new ResultBatch(results, outbox.late(), outbox.deadLetters(), outbox.retractions(),
				outbox.alerts(), outbox.ingestTimes());
		return WireFormat.writeString(new StoredOutbox(batch, stateOf));
	}

	/**
	 * The outbox with every result's state.
	 * @param windows the partition's window states as the same checkpoint left them (field to value)
	 * @param missing told, for each result whose named window state is not there, what is wrong: that
	 *                result is read without its state (cannot happen while only checkpoints write these
	 *                keys; the partition stays restorable, and only roll-ups over that window lack it)
	 * @throws IllegalArgumentException when the text is no outbox, or a window state it names cannot be
	 *                                  read (one that is not there leaves its result without state)
	 */
	public static ResultBatch decode(String json, Map<String, String> windows, Consumer<String> missing) {
		StoredOutbox stored = WireFormat.read(json, StoredOutbox.class);
		if (stored.batch() == null) {
			return WireFormat.read(json, ResultBatch.class);
		}
		Map<String, String> stateOf = (stored.stateOf() != null) ? stored.stateOf() : Map.of();
		List<WindowResult> results = new ArrayList<>(stored.batch().results());
		for (Map.Entry<String, String> reference : stateOf.entrySet()) {
			int index;
			try {
				index = Integer.parseInt(reference.getKey());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("outbox: '" + reference.getKey() + "' is no result index", ex);
			}
			if (index < 0 || index >= results.size()) {
				throw new IllegalArgumentException("outbox: no result " + index + " of " + results.size());
			}
			String field = reference.getValue();
			String value = windows.get(field);
			WindowResult r = results.get(index);
			if (value == null) {
				missing.accept("the outbox's result of '" + r.key() + "' for window " + r.windowStart() + ".."
						+ r.windowEnd() + " names window state '" + field + "', which is not stored: it is published "
						+ "without its accumulator state");
				continue;
			}
			Map<String, @Nullable Object> forms = Aggregations
				.resultFormsOf(StateCodec.decodeWindow(field, value).accumulators());
			results.set(index, new WindowResult(r.pipeline(), r.key(), r.windowStart(), r.windowEnd(), r.isFinal(),
					r.revision(), r.version(), r.metrics(), r.counts(), forms, r.forecast()));
		}
		ResultBatch batch = stored.batch();
		return new ResultBatch(results, batch.late(), batch.deadLetters(), batch.retractions(), batch.alerts(),
				batch.ingestTimes());
	}

}
