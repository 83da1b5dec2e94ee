package io.tributary.systemtests.ysb;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.tributary.systemtests.ysb.YsbFeed.Channel;
import io.tributary.systemtests.ysb.YsbFeed.Chunk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class YsbFeedTests {

	private final List<AdEvent> events = new YsbGenerator(YsbCampaigns.generate(1, 5, "c-"), 1)
		.onTime(YsbGenerator.Options.defaults(Instant.parse("2025-03-01T12:00:00Z"), Duration.ofSeconds(10))
			.withDuplicateRate(0));

	@Test
	void chunksCoverEveryEventOnceInSendOrder() {
		List<Chunk> plan = YsbFeed.plan(this.events, 64, 4, 5, Set.of());

		assertThat(plan.stream().flatMap((c) -> c.events().stream()).toList()).isEqualTo(this.events);
		assertThat(plan).allSatisfy((c) -> assertThat(c.events()).hasSizeLessThanOrEqualTo(64));
		assertThat(plan.stream().map(Chunk::channel).distinct()).containsExactlyInAnyOrder(Channel.values());
		assertThat(plan.get(3).channel()).isEqualTo(Channel.AMQP);
		assertThat(plan.get(4).channel()).isEqualTo(Channel.HTTP_NDJSON);
	}

	@Test
	void aRetriedChunkIsSentAgainOverHttpRightAfterTheFirstTime() {
		List<Chunk> plan = YsbFeed.plan(this.events, 100, 4, 0, Set.of(3, 5));

		// chunk 3 would have gone over AMQP; a retry is an HTTP client's
		assertThat(plan.get(3).index()).isEqualTo(3);
		assertThat(plan.get(3).channel()).isEqualTo(Channel.HTTP_JSON);
		assertThat(plan.get(4)).isEqualTo(new Chunk(3, plan.get(3).events(), Channel.HTTP_JSON, true));
		assertThat(plan.get(6).retry()).isFalse();
		assertThat(plan.get(7).retry()).isTrue();
		assertThat(plan.get(7).events()).isEqualTo(plan.get(6).events());
		assertThat(plan.stream().filter(Chunk::retry)).hasSize(2);
	}

}
