package io.tributary.contract.aggregate;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import io.tributary.contract.KeyedEvent;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.HllUnion;
import org.apache.datasketches.hll.TgtHllType;
import org.jspecify.annotations.Nullable;

/**
 * {@code distinct(field)}: the approximate number of distinct values of the field, a {@link Long} (the
 * rounded estimate), 0 when no event had the field. Any JSON value counts, by its type and text (see
 * {@link SketchForms#key}: {@code 1} and {@code "1"} are two values). Kept in an HLL sketch
 * ({@code lgConfigK = }{@value #LG_K}; HLL_4, 4 bits a bucket, 2 KB compact, unless
 * {@link #TYPE_PROPERTY} says HLL_8); the result is its composite estimate, whose relative standard
 * error is {@value #RELATIVE_STANDARD_ERROR} (1.04 / sqrt(2^12), rounded up), so it is within 3 standard
 * errors (4.9%) of the true count with 99.7% confidence; small counts are close to exact.
 * Merging is an HLL union, and a window and a roll-up of it alone give the same count. The serial form
 * is the sketch's compact bytes in Base64, null when empty. Sketches written before 2026-12-06 are
 * HLL_8 (8 bits a bucket, the same buckets and estimates in twice the bytes): they are read, and
 * converted to the type written ({@link #TYPE_PROPERTY}).
 */
final class DistinctFunction implements AggregateFunction<HllSketch> {

	/** Log2 of the number of HLL buckets. */
	static final int LG_K = 12;

	/**
	 * The system property that chooses the type new sketches are written in: {@code HLL_4} (the
	 * default) or {@code HLL_8}; also read from the environment variable {@code TRIBUTARY_HLL_TYPE}.
	 * Both are read whatever it says. Versions before 2026-12-06 read HLL_8 only, so a rolling upgrade
	 * from one of them runs {@code HLL_8} until no instance of them runs (docs/operations.md).
	 */
	public static final String TYPE_PROPERTY = "tributary.sketches.hll-type";

	/**
	 * The type new sketches are written in. HLL_4 holds the same registers as HLL_8 in half the bytes
	 * (the estimates are identical): every checkpoint of an open window and every result carries this
	 * sketch, so its size is what they move.
	 */
	static final TgtHllType TYPE = typeOf(System.getProperty(TYPE_PROPERTY, System.getenv("TRIBUTARY_HLL_TYPE")));

	/** The types read: what {@link #TYPE} may be, and what sketches were written in before HLL_4. */
	private static final Set<TgtHllType> READ = EnumSet.of(TgtHllType.HLL_4, TgtHllType.HLL_8);

	static TgtHllType typeOf(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return TgtHllType.HLL_4;
		}
		return switch (name.strip().toUpperCase(Locale.ROOT)) {
			case "HLL_4" -> TgtHllType.HLL_4;
			case "HLL_8" -> TgtHllType.HLL_8;
			default -> throw new IllegalStateException(TYPE_PROPERTY + " (TRIBUTARY_HLL_TYPE) is '" + name
					+ "'; it must be HLL_4 or HLL_8");
		};
	}

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
		if (sketch.getLgConfigK() != LG_K || !READ.contains(sketch.getTgtHllType())) {
			throw new IllegalArgumentException(what + ": an HLL sketch with lgConfigK = " + sketch.getLgConfigK()
					+ " and " + sketch.getTgtHllType() + ", expected " + LG_K + " and one of " + READ);
		}
		return sketch.getTgtHllType() == TYPE ? sketch : sketch.copyAs(TYPE);
	}

	@Override
	public String toString() {
		return "distinct(" + this.field + ")";
	}

}
