package io.tributary.contract.aggregate;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.pipeline.PipelineLimits;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.FrequentItemsSketch;
import org.jspecify.annotations.Nullable;

/**
 * {@code top(field, k)}: the {@code k} most frequent values of the field, as a list of
 * {@code {"value": text, "count": n}} maps (count a {@link Long}), by count descending, then value
 * ascending; an empty list when no event had the field. Values are counted by type and text as in
 * {@code distinct} (see {@link SketchForms#key}), and shown as their text. Kept in a frequent-items
 * sketch whose map size is the smallest power of two at least 64 and at least {@code 8 k}: counts are
 * exact while at most 3/4 of the map size distinct values were added, and otherwise never below the
 * true count nor above it by more than {@link #maximumErrorFraction()} ({@value #ERROR_TIMES_MAP_SIZE} /
 * map size) times the number of values added. The serial form is the sketch's bytes in Base64, null
 * when empty.
 */
final class TopFunction implements AggregateFunction<FrequentItemsSketch<String>> {

	/** The largest {@code k}. */
	static final int MAX_K = PipelineLimits.MAX_TOP_K;

	/** The frequent-items bound: a count's error is at most this / map size times the values added. */
	static final double ERROR_TIMES_MAP_SIZE = 3.5;

	private static final int MIN_MAP_SIZE = 64;

	private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

	private static final Comparator<FrequentItemsSketch.Row<String>> ORDER = Comparator
		.comparingLong(FrequentItemsSketch.Row<String>::getEstimate)
		.reversed()
		.thenComparing((row) -> SketchForms.plain(row.getItem()))
		.thenComparing(FrequentItemsSketch.Row::getItem);

	private final FieldPath field;

	private final int k;

	private final int mapSize;

	/** @param k from 1 to {@value #MAX_K} */
	TopFunction(FieldPath field, int k) {
		if (k < 1 || k > MAX_K) {
			throw new IllegalArgumentException("top takes a k from 1 to " + MAX_K + ", got " + k);
		}
		this.field = field;
		this.k = k;
		int least = Math.max(MIN_MAP_SIZE, 8 * k);
		this.mapSize = Integer.bitCount(least) == 1 ? least : Integer.highestOneBit(least) << 1;
	}

	int mapSize() {
		return this.mapSize;
	}

	/** The largest error of a count, as a fraction of the number of values added. */
	double maximumErrorFraction() {
		return ERROR_TIMES_MAP_SIZE / this.mapSize;
	}

	@Override
	public FrequentItemsSketch<String> createAccumulator() {
		return new FrequentItemsSketch<>(this.mapSize);
	}

	@Override
	public boolean add(FrequentItemsSketch<String> accumulator, KeyedEvent event) {
		Object value = this.field.read(event.values());
		if (value != null) {
			accumulator.update(SketchForms.key(value));
		}
		return true;
	}

	@Override
	public FrequentItemsSketch<String> merge(FrequentItemsSketch<String> left, FrequentItemsSketch<String> right) {
		// the sketch's merge adds its argument into itself
		return createAccumulator().merge(left).merge(right);
	}

	@Override
	public Object result(FrequentItemsSketch<String> accumulator) {
		FrequentItemsSketch.Row<String>[] rows = accumulator.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
		List<Map<String, Object>> top = new ArrayList<>();
		Arrays.stream(rows).sorted(ORDER).limit(this.k).forEach((row) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("value", SketchForms.plain(row.getItem()));
			entry.put("count", row.getEstimate());
			top.add(entry);
		});
		return top;
	}

	@Override
	public @Nullable Object toSerialForm(FrequentItemsSketch<String> accumulator) {
		return accumulator.isEmpty() ? null : SketchForms.encode(accumulator.toByteArray(SERDE));
	}

	@Override
	public FrequentItemsSketch<String> fromSerialForm(@Nullable Object form) {
		String what = "top state";
		byte[] bytes = SketchForms.decode(form, what);
		if (bytes == null) {
			return createAccumulator();
		}
		FrequentItemsSketch<String> sketch;
		try {
			sketch = FrequentItemsSketch.getInstance(MemorySegment.ofArray(bytes), SERDE);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(what + ": not a frequent-items sketch (" + ex.getMessage() + ")", ex);
		}
		if (sketch.getMaximumMapCapacity() != createAccumulator().getMaximumMapCapacity()) {
			throw new IllegalArgumentException(what + ": a sketch of another size (capacity "
					+ sketch.getMaximumMapCapacity() + "), expected map size " + this.mapSize);
		}
		return sketch;
	}

	@Override
	public String toString() {
		return "top(" + this.field + ", " + this.k + ")";
	}

}
