package io.tributary.contract.aggregate;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.jspecify.annotations.Nullable;

/**
 * {@code quantile(field, q1, q2, ...)}: approximate quantiles of the numeric values, from a KLL doubles
 * sketch with {@code k = }{@value #K}. With one {@code q} the result is a {@link Double}; with several it
 * is a map from each {@code q} (as {@link Double#toString(double)} writes it, e.g. {@code "0.99"}) to its
 * value, in the declared order. Null when there were no values. Each value returned is one of the values
 * added, and its rank among all of them is within {@value #RANK_ERROR}{@code  * n} of {@code q * n}
 * with 99% confidence (whole windows and merged roll-ups alike). The serial form is the sketch's compact
 * bytes in Base64, null when empty.
 */
final class QuantileFunction extends NumericFunction<KllDoublesSketch> {

	/** The KLL accuracy parameter. */
	static final int K = 200;

	/**
	 * The normalised rank error at {@link #K} = 200, with 99% confidence: the DataSketches bound for the
	 * PMF (double-sided), 1.6516%, rounded up; the bound for a single quantile, 1.33%, is smaller still.
	 */
	static final double RANK_ERROR = 0.0166;

	private final double[] quantiles;

	/** @param quantiles as {@link io.tributary.contract.pipeline.Aggregation#QUANTILE} accepts them */
	QuantileFunction(FieldPath field, List<Double> quantiles) {
		super(field);
		// + 0.0 makes -0.0 the 0.0 it means
		this.quantiles = quantiles.stream().mapToDouble((q) -> q + 0.0).toArray();
	}

	@Override
	public KllDoublesSketch createAccumulator() {
		return KllDoublesSketch.newHeapInstance(K);
	}

	@Override
	void addIntegral(KllDoublesSketch accumulator, long value) {
		accumulator.update(value);
	}

	@Override
	void addFractional(KllDoublesSketch accumulator, double value) {
		accumulator.update(value);
	}

	@Override
	public KllDoublesSketch merge(KllDoublesSketch left, KllDoublesSketch right) {
		KllDoublesSketch merged = createAccumulator();
		merged.merge(left);
		merged.merge(right);
		return merged;
	}

	@Override
	public @Nullable Object result(KllDoublesSketch accumulator) {
		if (accumulator.isEmpty()) {
			return null;
		}
		double[] values = accumulator.getQuantiles(this.quantiles, QuantileSearchCriteria.INCLUSIVE);
		if (values.length == 1) {
			return values[0];
		}
		Map<String, Double> result = new LinkedHashMap<>();
		for (int i = 0; i < values.length; i++) {
			result.put(Double.toString(this.quantiles[i]), values[i]);
		}
		return result;
	}

	@Override
	public @Nullable Object toSerialForm(KllDoublesSketch accumulator) {
		return accumulator.isEmpty() ? null : SketchForms.encode(accumulator.toByteArray());
	}

	@Override
	public KllDoublesSketch fromSerialForm(@Nullable Object form) {
		String what = "quantile state";
		byte[] bytes = SketchForms.decode(form, what);
		if (bytes == null) {
			return createAccumulator();
		}
		KllDoublesSketch sketch;
		try {
			sketch = KllDoublesSketch.heapify(MemorySegment.ofArray(bytes));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(what + ": not a KLL doubles sketch (" + ex.getMessage() + ")", ex);
		}
		if (sketch.getK() != K) {
			throw new IllegalArgumentException(what + ": a sketch with k = " + sketch.getK() + ", expected " + K);
		}
		return sketch;
	}

	@Override
	public String toString() {
		return "quantile(" + field() + ", "
				+ Arrays.stream(this.quantiles).mapToObj(Double::toString).collect(Collectors.joining(", ")) + ")";
	}

}
