package io.tributary.processing.route;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Event;
import io.tributary.contract.FirstSeenInput;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The route stage's part of a pipeline that calls first-seen, and the window stage's part of the same. */
class RouterFirstSeenTests {

	private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

	private static final PipelineFile FILE = PipelineFileLoader.load("p.yaml", """
			streams:
			  shop: {}
			lookups:
			  tiers: {}
			pipelines:
			  first-buy:
			    source: shop
			    filter: event.kind == "buy" && first-seen(user) || event.vip == true
			    enrich:
			      - { lookup: tiers, key: event.user, as: kind }
			    let:
			      fresh: 'first-seen(user) ? 1 : 0'
			      amount2: event.amount * 2
			    key-by: user
			    window: { type: tumbling, size: 1m }
			    aggregate: { n: count, fresh: sum(fresh), spent: sum(amount2) }
			    first-seen: { horizon: 1d }
			""", null);

	private final Router router = new Router(FILE, (table, key) -> "gold", 1, Clock.fixed(T, ZoneOffset.UTC));

	private static Event event(String id, String kind, boolean vip) {
		return new Event(id, "i-" + id, "shop", T, T,
				Map.of("user", "u1", "kind", kind, "vip", vip, "amount", 5L));
	}

	private List<KeyedEvent> route(Event event) {
		return this.router.route(List.of(event)).byPartition().getOrDefault(0, List.of());
	}

	@Test
	void dropsWhatTheFilterRejectsWhateverTheAnswerAndLeavesTheRestToTheWindowStage() {
		assertThat(route(event("view", "view", false))).as("rejected with either answer").isEmpty();

		KeyedEvent buy = route(event("buy", "buy", false)).getFirst();
		FirstSeenInput input = buy.firstSeen();
		assertThat(input).isNotNull();
		assertThat(input.filterPending()).as("passes only if the user is new").isTrue();
		assertThat(input.bound()).as("the enrichment and the let that does not ask").containsOnlyKeys("kind", "amount2");
		assertThat(buy.values()).as("the window stage computes fresh").containsOnlyKeys("amount2");

		KeyedEvent vip = route(event("vip", "view", true)).getFirst();
		assertThat(vip.firstSeen().filterPending()).as("passes either way").isFalse();
	}

	@Test
	void theWindowStageFinishesTheFilterAndTheLetsWithTheAnswer() {
		WindowStageExpressions expressions = WindowStageExpressions.of(FILE.pipeline("first-buy").orElseThrow());
		KeyedEvent buy = route(event("buy", "buy", false)).getFirst();
		assertThat(expressions.evaluate(buy, true)).containsEntry("fresh", 1L).containsEntry("amount2", 10L);
		assertThat(expressions.evaluate(buy, false)).as("a returning user's buy is filtered out").isNull();
		// a vip passes whatever the answer; fresh still says whether the user is new
		KeyedEvent vip = route(event("vip", "view", true)).getFirst();
		assertThat(expressions.evaluate(vip, false)).containsEntry("fresh", 0L);
	}

}
