package io.tributary.contract;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The live feed's entry types and fields as storage writes them and query reads them, written out. */
class FeedEntryTypeTests {

	@Test
	void theTypesHaveTheWireNamesTheSseEventsAreNamedBy() {
		assertThat(FeedEntryType.values()).extracting(FeedEntryType::wireName)
			.containsExactly("result", "late", "retraction", "alert");
		assertThat(FeedEntryType.values()).extracting(FeedEntryType::payloadType)
			.containsExactly(WindowResult.class, LateCount.class, WindowRetraction.class, Alert.class);
		assertThat(RedisKeys.FEED_TYPE_FIELD).isEqualTo("type");
		assertThat(RedisKeys.FEED_DATA_FIELD).isEqualTo("data");
	}

	@Test
	void anEntryWithoutATypeFieldIsAResultAndAnUnknownTypeIsNone() {
		assertThat(FeedEntryType.ofTypeField(null)).isEqualTo(FeedEntryType.RESULT);
		assertThat(FeedEntryType.RESULT.hasTypeField()).isFalse();
		for (FeedEntryType type : new FeedEntryType[] { FeedEntryType.LATE, FeedEntryType.RETRACTION,
				FeedEntryType.ALERT }) {
			assertThat(type.hasTypeField()).isTrue();
			assertThat(FeedEntryType.ofTypeField(type.wireName())).isEqualTo(type);
		}
		assertThat(FeedEntryType.ofTypeField("result")).isEqualTo(FeedEntryType.RESULT);
		assertThat(FeedEntryType.ofTypeField("watermark")).isNull();
	}

	@Test
	void aLateCountIsWrittenAsTheLiveFeedHasAlwaysCarriedIt() {
		LateCount late = new LateCount("views", "c-1", Instant.parse("2024-05-01T12:00:00Z"),
				Instant.parse("2024-05-01T12:00:10Z"), 3);

		String json = "{\"pipeline\":\"views\",\"key\":\"c-1\",\"windowStart\":\"2024-05-01T12:00:00Z\","
				+ "\"windowEnd\":\"2024-05-01T12:00:10Z\",\"late\":3}";
		assertThat(WireFormat.writeString(late)).isEqualTo(json);
		assertThat(WireFormat.read(json, LateCount.class)).isEqualTo(late);
	}

	@Test
	void theSharedStatusFieldsAreNamedAsProcessingStorageAndQueryHaveAlwaysNamedThem() {
		assertThat(RedisKeys.watermarkField(3)).isEqualTo("watermark:p3");
		assertThat(RedisKeys.WATERMARK_FIELD_PREFIX).isEqualTo("watermark:p");
		assertThat(RedisKeys.LAST_RESULT_AT_FIELD).isEqualTo("lastResultAt");
		RedisKeys keys = new RedisKeys("ns");
		assertThat(keys.lateIds("p", "k")).isEqualTo("ns:results:{p:k}:late-ids");
		assertThat(keys.retractedStarts("p", "k")).isEqualTo("ns:results:{p:k}:retracted");
	}

}
