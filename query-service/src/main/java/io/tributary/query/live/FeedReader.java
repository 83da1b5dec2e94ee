package io.tributary.query.live;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.tributary.contract.FeedEntryType;
import io.tributary.contract.RedisKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Reads a pipeline's feed ({@link RedisKeys#feed}): entries after an id, and the newest id. */
@Component
class FeedReader {

	/** A stream entry id: milliseconds and a sequence number. */
	static final Pattern ID = Pattern.compile("\\d{1,19}-\\d{1,19}");

	/** The id before every entry. */
	static final String BEGINNING = "0-0";

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	FeedReader(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** One entry: its id, its type (whose wire name is the SSE event name) and its payload JSON. */
	record Entry(String id, FeedEntryType type, String data) {
	}

	/**
	 * Up to {@code count} entries after {@code afterId}, oldest first (no blocking); an entry of a type
	 * this replica does not know (written by a newer storage) is left out.
	 */
	List<Entry> after(String pipeline, String afterId, int count) {
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.read(StreamReadOptions.empty().count(count),
					StreamOffset.create(this.keys.feed(pipeline), ReadOffset.from(afterId)));
		List<Entry> entries = new ArrayList<>();
		if (records != null) {
			for (MapRecord<String, Object, Object> r : records) {
				Object data = r.getValue().get(RedisKeys.FEED_DATA_FIELD);
				Object typeField = r.getValue().get(RedisKeys.FEED_TYPE_FIELD);
				FeedEntryType type = FeedEntryType.ofTypeField(typeField != null ? typeField.toString() : null);
				if (data != null && type != null) {
					entries.add(new Entry(r.getId().getValue(), type, data.toString()));
				}
			}
		}
		return entries;
	}

	/** The id of the newest entry, or {@link #BEGINNING} when the feed is empty. */
	String newestId(String pipeline) {
		List<MapRecord<String, Object, Object>> newest = this.redis.opsForStream()
			.reverseRange(this.keys.feed(pipeline), Range.unbounded(), Limit.limit().count(1));
		return (newest == null || newest.isEmpty()) ? BEGINNING : newest.getFirst().getId().getValue();
	}

	/** Whether {@code text} is a feed id a client may resume after. */
	static boolean isId(@Nullable String text) {
		return text != null && ID.matcher(text).matches();
	}

}
