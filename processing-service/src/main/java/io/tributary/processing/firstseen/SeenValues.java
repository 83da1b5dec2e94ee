package io.tributary.processing.firstseen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.contract.pipeline.FirstSeenSpec;
import org.apache.datasketches.filters.bloomfilter.BloomFilter;
import org.apache.datasketches.filters.bloomfilter.BloomFilterBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The values seen within a horizon of event time, as a ring of Bloom filters (DataSketches'): each
 * generation covers {@code horizon / }{@link FirstSeenSpec#GENERATIONS} of event time (aligned to the
 * epoch), a value is added to the generation of its event's time, and it is seen if any live
 * generation holds it. A generation expires once the watermark is a horizon past its end, so a value
 * stays seen for at least one horizon after its last appearance and at most a generation longer.
 * No false negatives within the horizon; each generation is sized for the expected values at the
 * false-positive rate divided by the generations that can be live at once, so the chance that a new
 * value is taken for seen stays within the rate. Not thread-safe.
 */
public final class SeenValues {

	/** The hash seed of every filter: a snapshot and the log replayed onto it must hash alike. */
	static final long SEED = 0x7472696275746172L;

	/** Generations live at once: those of one horizon, the one the watermark is in, and one ahead. */
	static final int LIVE_GENERATIONS = FirstSeenSpec.GENERATIONS + 2;

	private final long generationMillis;

	private final long horizonMillis;

	private final long bits;

	private final short hashes;

	private final TreeMap<Long, BloomFilter> generations = new TreeMap<>();

	/** Generations before this one have expired; nothing is added to them. */
	private long firstLive = Long.MIN_VALUE;

	/** @param expectedValues the distinct values one partition is expected to hold within a horizon */
	public SeenValues(FirstSeenSpec spec, long expectedValues) {
		this.generationMillis = spec.generationMillis();
		this.horizonMillis = spec.horizon().toMillis();
		double perFilter = spec.falsePositiveRate() / LIVE_GENERATIONS;
		this.bits = BloomFilterBuilder.suggestNumFilterBits(Math.max(1, expectedValues), perFilter);
		this.hashes = BloomFilterBuilder.suggestNumHashes(Math.max(1, expectedValues), this.bits);
	}

	/** Whether any live generation holds the value. */
	public boolean contains(String value) {
		for (BloomFilter filter : this.generations.tailMap(this.firstLive, true).values()) {
			if (filter.query(value)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Adds the value to the generation of {@code eventTime} (not when that generation has expired).
	 * @return the generation when the value was new to it (its filter changed), else null
	 */
	public @Nullable Long add(String value, long eventTime) {
		long generation = generationOf(eventTime);
		if (generation < this.firstLive) {
			return null;
		}
		BloomFilter filter = this.generations.computeIfAbsent(generation, (g) -> newFilter());
		return filter.queryAndUpdate(value) ? null : generation;
	}

	/** Adds a value to a generation, as a replayed log does. */
	void addTo(long generation, String value) {
		if (generation >= this.firstLive) {
			this.generations.computeIfAbsent(generation, (g) -> newFilter()).update(value);
		}
	}

	/**
	 * Expires the generations whose whole span is a horizon behind the watermark.
	 * @return the expired generations
	 */
	public List<Long> expire(long watermark) {
		long bound = watermark - this.horizonMillis;
		if (watermark == Long.MIN_VALUE || bound > watermark) {
			return List.of();
		}
		// a generation ends at (g + 1) * span: expired when that end is at or before the bound
		long firstKept = Math.floorDiv(bound, this.generationMillis);
		if (firstKept <= this.firstLive) {
			return List.of();
		}
		this.firstLive = firstKept;
		Map<Long, BloomFilter> expired = this.generations.headMap(firstKept, false);
		List<Long> gone = new ArrayList<>(expired.keySet());
		expired.clear();
		return gone;
	}

	long generationOf(long eventTime) {
		return Math.floorDiv(eventTime, this.generationMillis);
	}

	/** The live generations, oldest first (read-only use). */
	Map<Long, BloomFilter> generations() {
		return this.generations;
	}

	void restore(long generation, BloomFilter filter) {
		if (generation >= this.firstLive) {
			this.generations.put(generation, filter);
		}
	}

	private BloomFilter newFilter() {
		return BloomFilterBuilder.createBySize(this.bits, this.hashes, SEED);
	}

	/** The bits of one generation's filter. */
	public long bitsPerGeneration() {
		return this.bits;
	}

	/** The bytes the live generations take. */
	public long sizeBytes() {
		long bytes = 0;
		for (BloomFilter filter : this.generations.values()) {
			bytes += filter.getSerializedSizeBytes();
		}
		return bytes;
	}

	public int liveGenerations() {
		return this.generations.size();
	}

}
