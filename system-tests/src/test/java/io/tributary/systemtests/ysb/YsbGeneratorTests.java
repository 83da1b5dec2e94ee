package io.tributary.systemtests.ysb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class YsbGeneratorTests {

	private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

	private static final YsbCampaigns CAMPAIGNS = YsbCampaigns.generate(1, 20, "c-");

	private static final YsbGenerator.Options OPTIONS = YsbGenerator.Options.defaults(START, Duration.ofSeconds(40));

	@Test
	void theSameSeedGivesTheSameEventsInTheSameOrder() {
		List<AdEvent> first = new YsbGenerator(CAMPAIGNS, 7).onTime(OPTIONS);
		List<AdEvent> second = new YsbGenerator(CAMPAIGNS, 7).onTime(OPTIONS);
		List<AdEvent> other = new YsbGenerator(CAMPAIGNS, 8).onTime(OPTIONS);

		assertThat(second).isEqualTo(first);
		assertThat(other).isNotEqualTo(first);
		assertThat(YsbCampaigns.generate(1, 20, "c-")).isEqualTo(CAMPAIGNS);
	}

	@Test
	void noEventIsSentAfterOneWhoseEventTimeIsMaxDisorderOrMoreAhead() {
		List<AdEvent> events = new YsbGenerator(CAMPAIGNS, 3).onTime(OPTIONS);

		long maxSoFar = Long.MIN_VALUE;
		long worst = 0;
		for (AdEvent e : events) {
			long t = e.eventTime().toEpochMilli();
			maxSoFar = Math.max(maxSoFar, t);
			worst = Math.max(worst, maxSoFar - t);
		}
		assertThat(worst).isLessThan(OPTIONS.maxDisorder().toMillis())
			// the shuffle is real: events do come out of order
			.isGreaterThan(OPTIONS.maxDisorder().toMillis() / 2);
	}

	@Test
	void eventTimesStayInsideTheSpanAndTheDensityIsAsAsked() {
		List<AdEvent> events = new YsbGenerator(CAMPAIGNS, 3).onTime(OPTIONS.withDuplicateRate(0));

		assertThat(events).allSatisfy((e) -> assertThat(e.eventTime()).isBetween(START, START.plusMillis(39_999)));
		// 100 events/s for 40 s, plus a view on each side of the three inner window boundaries
		assertThat(events).hasSize(4000 + 6);
		assertThat(events.stream().map(AdEvent::eventId).distinct()).hasSize(events.size());
	}

	@Test
	void duplicatesAreExactCopiesSentAfterTheirOriginal() {
		List<AdEvent> events = new YsbGenerator(CAMPAIGNS, 5).onTime(OPTIONS);

		Map<String, List<Integer>> positions = new HashMap<>();
		for (int i = 0; i < events.size(); i++) {
			positions.computeIfAbsent(events.get(i).eventId(), (k) -> new ArrayList<>()).add(i);
		}
		List<List<Integer>> copies = positions.values().stream().filter((p) -> p.size() > 1).toList();
		// 2% of 4006
		assertThat(copies).hasSizeBetween(40, 130);
		assertThat(copies).allSatisfy((p) -> {
			assertThat(p).hasSize(2);
			assertThat(events.get(p.get(1))).isEqualTo(events.get(p.get(0)));
		});
	}

	@Test
	void viewsSitOnBothSidesOfEveryWindowBoundary() {
		List<AdEvent> events = new YsbGenerator(CAMPAIGNS, 5).onTime(OPTIONS);

		Set<Instant> viewTimes = new HashSet<>();
		events.stream().filter(AdEvent::isView).forEach((e) -> viewTimes.add(e.eventTime()));
		for (int b = 10; b < 40; b += 10) {
			Instant boundary = START.plusSeconds(b);
			assertThat(viewTimes).contains(boundary, boundary.minusMillis(1));
		}
	}

	@Test
	void eventsMixBothTimeEncodingsAndAllEventTypes() {
		List<AdEvent> events = new YsbGenerator(CAMPAIGNS, 5).onTime(OPTIONS);

		assertThat(events.stream().map(AdEvent::timeEncoding).distinct()).containsExactlyInAnyOrder(TimeEncoding.values());
		assertThat(events.stream().map(AdEvent::eventType).distinct()).containsExactlyInAnyOrder("view", "click",
				"purchase");
		long views = events.stream().filter(AdEvent::isView).count();
		assertThat(views).isBetween(events.size() / 4L, events.size() / 2L);
		assertThat(events).allSatisfy((e) -> assertThat(CAMPAIGNS.adToCampaign()).containsKey(e.adId()));
	}

	@Test
	void theJsonFormCarriesTheEventTimeAsIsoTextOrEpochMillis() {
		AdEvent iso = new AdEvent("e1", "u", "p", "a", "banner", "view", Instant.parse("2025-03-01T12:00:01.5Z"),
				TimeEncoding.ISO_8601, "192.0.2.1", 12);
		AdEvent epoch = new AdEvent("e2", "u", "p", "a", "banner", "view", Instant.ofEpochMilli(1740830401500L),
				TimeEncoding.EPOCH_MILLIS, "192.0.2.1", 12);

		assertThat(iso.toJson()).containsEntry("event_time", "2025-03-01T12:00:01.500Z")
			.containsEntry("event_id", "e1")
			.containsEntry("latency_ms", 12)
			.containsKeys("user_id", "page_id", "ad_id", "ad_type", "event_type", "ip_address");
		assertThat(epoch.toJson()).containsEntry("event_time", 1740830401500L);
	}

	@Test
	void campaignsHaveTenAdsEach() {
		assertThat(CAMPAIGNS.campaignIds()).hasSize(20).allSatisfy((c) -> assertThat(c).startsWith("c-"));
		assertThat(CAMPAIGNS.adToCampaign()).hasSize(200);
		assertThat(CAMPAIGNS.campaignIds()).allSatisfy((c) -> assertThat(CAMPAIGNS.adsOf(c)).hasSize(10));
	}

	@Test
	void lateViewsFallInsideTheirWindowWithFreshIds() {
		YsbGenerator generator = new YsbGenerator(CAMPAIGNS, 5);
		String campaign = CAMPAIGNS.campaignIds().get(3);

		List<AdEvent> late = generator.viewsIn(campaign, START, Duration.ofSeconds(10), 50);

		assertThat(late).hasSize(50).allSatisfy((e) -> {
			assertThat(e.isView()).isTrue();
			assertThat(CAMPAIGNS.adToCampaign().get(e.adId())).isEqualTo(campaign);
			assertThat(e.eventTime()).isBetween(START, START.plusMillis(9_999));
		});
		assertThat(late.stream().map(AdEvent::eventId).distinct()).hasSize(50);
	}

	@Test
	void liveEventsTrailTheGivenTimeByLessThanTheDisorder() {
		Instant now = Instant.parse("2025-03-01T12:00:00Z");
		List<AdEvent> live = new YsbGenerator(CAMPAIGNS, 5).live(500, now, Duration.ofMillis(800));

		assertThat(live).hasSize(500)
			.allSatisfy((e) -> assertThat(e.eventTime()).isBetween(now.minusMillis(799), now));
	}

	@Test
	void optionsRejectNonsense() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new YsbGenerator.Options(START, Duration.ZERO, 1, Duration.ZERO, 0, 0, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new YsbGenerator.Options(START, Duration.ofSeconds(1), 1, Duration.ZERO, 1.5, 0, null));
	}

}
