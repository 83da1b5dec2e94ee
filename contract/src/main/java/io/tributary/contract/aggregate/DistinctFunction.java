package io.tributary.contract.aggregate;

import io.tributary.contract.KeyedEvent;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.HllUnion;
import org.apache.datasketches.hll.TgtHllType;
import org.jspecify.annotations.Nullable;

/**
 * {@code distinct(field)}: the approximate number of distinct values of the field, a {@link Long} (the
 * rounded estimate), 0 when no event had the field. Any JSON value counts, by its type and text (see
 * {@link SketchForms#key}: {@code 1} and {@code "1"} are two values). Kept in an HLL sketch
 * ({@code lgConfigK = }{@value #LG_K}, HLL_4: 4 bits a bucket, 2 KB compact); the result is its composite estimate, whose relative
 * standard error is {@value #RELATIVE_STANDARD_ERROR} (1.04 / sqrt(2^12), rounded up), so it is within
 * 3 standard errors (4.9%) of the true count with 99.7% confidence; small counts are close to exact.
 * Merging is an HLL union, and a window and a roll-up of it alone give the same count. The serial form
 * is the sketch's compact bytes in Base64, null when empty. Sketches written before 2026-12-06 are
 * HLL_8 (8 bits a bucket, the same buckets and estimates in twice the bytes): they are read, and
 * converted, as HLL_4.
 */
final class DistinctFunction implements AggregateFunction<HllSketch> {

	/** Log2 of the number of HLL buckets. */
	static final int LG_K = 12;

	/**
	 * HLL_4 holds the same registers as HLL_8 in half the bytes (the estimates are identical): every
	 * checkpoint of an open window and every result carries this sketch, so its size is what they move.
	 */
	static final TgtHllType TYPE = TgtHllType.HLL_4;

	/** What sketches were written as before {@link #TYPE}; read and converted. */
	private static final TgtHllType EARLIER_TYPE = TgtHllType.HLL_8;

	/** 1.04 / sqrt(4096) = 1.625%, rounded up; the estimate after a merge has this error. */
	static final double RELATIVE_STANDARD_ERROR = 0.0163;

	private final FieldPath field;

	DistinctFunction(FieldPath field) {
		this.field = field;
	}

	@Override
	public HllSketch createAccumulator() {
		return new HllSketch(LG_K, TYPE);
	}

	@Override
	public boolean add(HllSketch accumulator, KeyedEvent event) {
		Object value = this.field.read(event.values());
		if (value != null) {
			accumulator.update(SketchForms.key(value));
		}
		return true;
	}

	@Override
	public HllSketch merge(HllSketch left, HllSketch right) {
		HllUnion union = new HllUnion(LG_K);
		union.update(left);
		union.update(right);
		return union.getResult(TYPE);
	}

	/**
	 * The composite estimate, which a merged sketch would give too (the HIP estimate of a sketch that was
	 * never merged is a little more accurate, but then one window and its roll-up would disagree).
	 */
	@Override
	public Object result(HllSketch accumulator) {
		return Math.round(accumulator.getCompositeEstimate());
	}

	@Override
	public @Nullable Object toSerialForm(HllSketch accumulator) {
		return accumulator.isEmpty() ? null : SketchForms.encode(accumulator.toCompactByteArray());
	}

	@Override
	public HllSketch fromSerialForm(@Nullable Object form) {
		String what = "distinct state";
		byte[] bytes = SketchForms.decode(form, what);
		if (bytes == null) {
			return createAccumulator();
		}
		HllSketch sketch;
		try {
			sketch = HllSketch.heapify(bytes);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(what + ": not an HLL sketch (" + ex.getMessage() + ")", ex);
		}
		if (sketch.getLgConfigK() != LG_K
				|| (sketch.getTgtHllType() != TYPE && sketch.getTgtHllType() != EARLIER_TYPE)) {
			throw new IllegalArgumentException(what + ": an HLL sketch with lgConfigK = " + sketch.getLgConfigK()
					+ " and " + sketch.getTgtHllType() + ", expected " + LG_K + " and " + TYPE);
		}
		return sketch.getTgtHllType() == TYPE ? sketch : sketch.copyAs(TYPE);
	}

	@Override
	public String toString() {
		return "distinct(" + this.field + ")";
	}

}
