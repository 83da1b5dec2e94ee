package io.tributary.query.result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tributary.contract.Forecast;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.query.web.InvalidParameterException;
import io.tributary.query.web.UnreadableRecordException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.HashOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.stereotype.Component;

/**
 * Reads the results of a pipeline's keys in the layout storage-service writes: per key a hash
 * (window start millis to result JSON), its index (sorted set of window starts) and a hash of late
 * counts per window start; per pipeline a sorted set of keys scored by their newest window start.
 * <p>
 * A served result's {@code counts.late} is the stored one plus the late count recorded for its
 * window, because late events arrive after the window's result was written for the last time.
 */
@Component
class ResultReader {

	private final StringRedisTemplate redis;

	private final HashOperations<String, String, String> hashes;

	private final RedisKeys keys;

	ResultReader(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.hashes = redis.opsForHash();
		this.keys = keys;
	}

	/** Whether the pipeline has, or had, results for the key. */
	boolean keyExists(String pipeline, String key) {
		return this.redis.opsForZSet().score(this.keys.pipelineKeys(pipeline), key) != null
				|| Boolean.TRUE.equals(this.redis.hasKey(this.keys.resultIndex(pipeline, key)));
	}

	/** Up to {@code limit} results whose window start is in the range, oldest first. */
	ResultPage page(String pipeline, String key, TimeRange range, int limit) {
		if (range.isEmpty()) {
			return ResultPage.EMPTY;
		}
		// one more than asked tells whether another page follows, without an empty last page
		Set<String> members = this.redis.opsForZSet()
			.rangeByScore(this.keys.resultIndex(pipeline, key), range.fromInclusive(), range.toInclusive(), 0,
					limit + 1L);
		List<String> starts = new ArrayList<>(members == null ? Set.of() : members);
		Long last = null;
		if (starts.size() > limit) {
			starts = starts.subList(0, limit);
			last = windowStart(pipeline, key, starts.getLast());
		}
		return new ResultPage(read(pipeline, key, starts), last);
	}

	/**
	 * Up to {@code limit} results of pipeline version {@code version} whose window start is in the
	 * range, oldest first: the key's results are read a page at a time and those of other versions
	 * skipped, so a page is full unless it is the last.
	 */
	ResultPage page(String pipeline, String key, TimeRange range, int limit, long version) {
		List<WindowResult> items = new ArrayList<>();
		TimeRange remaining = range;
		while (!remaining.isEmpty()) {
			ResultPage page = page(pipeline, key, remaining, limit);
			for (WindowResult result : page.items()) {
				if (result.version() != version) {
					continue;
				}
				if (items.size() == limit) {
					// one more than asked: another page follows
					return new ResultPage(items, items.getLast().windowStart().toEpochMilli());
				}
				items.add(result);
			}
			if (page.lastWindowStart() == null) {
				break;
			}
			remaining = remaining.after(page.lastWindowStart());
		}
		return new ResultPage(items, null);
	}

	/**
	 * The key's windows that start in the range merged into one {@link Rollup}, read a page at a time.
	 * @param version only the windows of this pipeline version, or all when null
	 * @throws InvalidParameterException when the range holds more than {@code maxWindows} windows
	 */
	Rollup rollup(PipelineDefinition pipeline, String key, TimeRange range, int pageSize, int maxWindows,
			@Nullable Long version) {
		Rollup rollup = new Rollup(pipeline);
		TimeRange remaining = range;
		while (!remaining.isEmpty()) {
			ResultPage page = (version == null) ? page(pipeline.name(), key, remaining, pageSize)
					: page(pipeline.name(), key, remaining, pageSize, version);
			page.items().forEach(rollup::add);
			if (rollup.windows() > maxWindows) {
				throw new InvalidParameterException("from", "the range holds more than " + maxWindows
						+ " windows of key '" + key + "': narrow 'from' and 'to'");
			}
			if (page.lastWindowStart() == null) {
				break;
			}
			remaining = remaining.after(page.lastWindowStart());
		}
		return rollup;
	}

	/** The result with the newest window start. */
	Optional<WindowResult> latest(String pipeline, String key) {
		Set<String> newest = this.redis.opsForZSet().reverseRange(this.keys.resultIndex(pipeline, key), 0, 0);
		if (newest == null || newest.isEmpty()) {
			return Optional.empty();
		}
		return read(pipeline, key, List.copyOf(newest)).stream().findFirst();
	}

	/** The result of the window that starts at {@code windowStart} (epoch millis); empty when there is none. */
	Optional<WindowResult> at(String pipeline, String key, long windowStart) {
		return read(pipeline, key, List.of(Long.toString(windowStart))).stream().findFirst();
	}

	/**
	 * The forecast with the most windows learned among the key's {@code newest} results: the latest
	 * one processing attached (a window that fired after a newer window's interim result carries a
	 * newer forecast than it). Empty when none of them carries one.
	 */
	Optional<Forecast> newestForecast(String pipeline, String key, int newest) {
		Set<String> starts = this.redis.opsForZSet().reverseRange(this.keys.resultIndex(pipeline, key), 0, newest - 1L);
		if (starts == null || starts.isEmpty()) {
			return Optional.empty();
		}
		@Nullable Forecast best = null;
		for (WindowResult result : read(pipeline, key, List.copyOf(starts))) {
			Forecast forecast = result.forecast();
			if (forecast != null && (best == null || forecast.learnedFrom() > best.learnedFrom())) {
				best = forecast;
			}
		}
		return Optional.ofNullable(best);
	}

	/** The keys with the newest window starts, newest first. */
	List<KeyEntry> keys(String pipeline, int limit) {
		Set<TypedTuple<String>> tuples = this.redis.opsForZSet()
			.reverseRangeWithScores(this.keys.pipelineKeys(pipeline), 0, limit - 1L);
		List<KeyEntry> entries = new ArrayList<>();
		if (tuples != null) {
			for (TypedTuple<String> t : tuples) {
				Double score = t.getScore();
				String key = t.getValue();
				if (key != null && score != null) {
					entries.add(new KeyEntry(key, Instant.ofEpochMilli(score.longValue())));
				}
			}
		}
		return entries;
	}

	/**
	 * Up to {@code limit} keys whose newest window starts at or after {@code fromInclusive}: the only
	 * keys that can have a window in a range starting there. More than {@code limit} returns
	 * {@code limit + 1} keys, so the caller can tell.
	 */
	List<String> keysWithWindowsSince(String pipeline, long fromInclusive, int limit) {
		Set<String> members = this.redis.opsForZSet()
			.rangeByScore(this.keys.pipelineKeys(pipeline), fromInclusive, Double.POSITIVE_INFINITY, 0, limit + 1L);
		return (members == null) ? List.of() : List.copyOf(members);
	}

	long keyCount(String pipeline) {
		Long count = this.redis.opsForZSet().zCard(this.keys.pipelineKeys(pipeline));
		return count == null ? 0 : count;
	}

	private List<WindowResult> read(String pipeline, String key, List<String> starts) {
		if (starts.isEmpty()) {
			return List.of();
		}
		List<String> json = this.hashes.multiGet(this.keys.results(pipeline, key), starts);
		List<String> late = this.hashes.multiGet(this.keys.lateCounts(pipeline, key), starts);
		List<WindowResult> results = new ArrayList<>(starts.size());
		for (int i = 0; i < starts.size(); i++) {
			String value = json.get(i);
			if (value == null) {
				// trimmed by retention between the index read and this one: it is gone
				continue;
			}
			WindowResult stored;
			try {
				stored = WireFormat.read(value, WindowResult.class);
			}
			catch (IllegalArgumentException ex) {
				throw new UnreadableRecordException(
						"The result of window " + starts.get(i) + " of key '" + key + "' of pipeline '" + pipeline + "'",
						ex);
			}
			long lateCount = lateCount(pipeline, key, starts.get(i), late.get(i));
			results.add(lateCount == 0 ? stored
					: stored.withCounts(stored.counts().withLate(stored.counts().late() + lateCount)));
		}
		return results;
	}

	private long lateCount(String pipeline, String key, String windowStart, @Nullable String value) {
		if (value == null) {
			return 0;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new UnreadableRecordException("The late count of window " + windowStart + " of key '" + key
					+ "' of pipeline '" + pipeline + "'", "'" + value + "' is not a number");
		}
	}

	private long windowStart(String pipeline, String key, String member) {
		try {
			return Long.parseLong(member);
		}
		catch (NumberFormatException ex) {
			throw new UnreadableRecordException("The result index of key '" + key + "' of pipeline '" + pipeline + "'",
					"member '" + member + "' is not a window start in epoch milliseconds");
		}
	}

	/** A key of a pipeline and the start of its newest window. */
	record KeyEntry(String key, Instant newestWindowStart) {
	}

}
