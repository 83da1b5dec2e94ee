package io.tributary.contract;

import org.jspecify.annotations.Nullable;

/**
 * The types of entry in a pipeline's live feed ({@link RedisKeys#feed}), which storage appends and
 * query serves as Server-Sent Events named by {@link #wireName()}. Each entry carries its type in
 * the stream field {@link RedisKeys#FEED_TYPE_FIELD} (a result carries none) and its payload, JSON
 * of {@link #payloadType()}, in {@link RedisKeys#FEED_DATA_FIELD}.
 */
public enum FeedEntryType {

	/** A result revision storage wrote, as the query API serves it (without accumulator state). */
	RESULT("result", WindowResult.class),

	/** A window's late count after storage counted a late event on it. */
	LATE("late", LateCount.class),

	/** A merged session window's old start, withdrawn after the merged result was written. */
	RETRACTION("retraction", WindowRetraction.class),

	/** An alert revision storage wrote. */
	ALERT("alert", Alert.class);

	private final String wireName;

	private final Class<?> payloadType;

	FeedEntryType(String wireName, Class<?> payloadType) {
		this.wireName = wireName;
		this.payloadType = payloadType;
	}

	/** The name in the feed's type field and of the SSE event. */
	public String wireName() {
		return this.wireName;
	}

	/** The record the entry's data is the JSON of. */
	public Class<?> payloadType() {
		return this.payloadType;
	}

	/** Whether an entry of this type is written with a type field (a result is written without). */
	public boolean hasTypeField() {
		return this != RESULT;
	}

	/**
	 * The type of an entry with this type field: {@link #RESULT} when there is none, null when the
	 * name is not one of these (written by a newer storage).
	 */
	public static @Nullable FeedEntryType ofTypeField(@Nullable String field) {
		if (field == null) {
			return RESULT;
		}
		for (FeedEntryType type : values()) {
			if (type.wireName.equals(field)) {
				return type;
			}
		}
		return null;
	}

}
