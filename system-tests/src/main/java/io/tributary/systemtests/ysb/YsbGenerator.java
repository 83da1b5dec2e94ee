package io.tributary.systemtests.ysb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * Generates Yahoo Streaming Benchmark ad events, seeded and deterministic: the same seed and options
 * give the same events in the same order. Not thread-safe.
 */
public final class YsbGenerator {

	static final List<String> EVENT_TYPES = List.of("view", "click", "purchase");

	static final List<String> AD_TYPES = List.of("banner", "modal", "sponsored-search", "mail", "mobile");

	private final YsbCampaigns campaigns;

	private final List<String> adIds;

	private final Random random;

	public YsbGenerator(YsbCampaigns campaigns, long seed) {
		this.campaigns = campaigns;
		this.adIds = campaigns.adIds();
		this.random = new Random(seed);
	}

	/**
	 * What {@link #onTime} produces.
	 *
	 * @param start           event times are in {@code [start, start + span)}
	 * @param eventsPerSecond density in event time (not a send rate)
	 * @param maxDisorder     an event is sent after events whose event time is at most this much
	 *                        larger (strictly less); keep it below the pipeline's max-out-of-orderness
	 * @param duplicateRate   share of events that are sent a second time, shortly after the first
	 * @param epochMillisShare share of events whose event time is sent as epoch millis (else ISO-8601)
	 * @param windowSize      when set, views are added exactly at each window boundary inside the span
	 *                        and 1 ms before it, so both sides of every boundary are exercised
	 */
	public record Options(Instant start, Duration span, int eventsPerSecond, Duration maxDisorder,
			double duplicateRate, double epochMillisShare, @Nullable Duration windowSize) {

		public Options {
			if (span.isNegative() || span.isZero()) {
				throw new IllegalArgumentException("span must be positive");
			}
			if (eventsPerSecond <= 0) {
				throw new IllegalArgumentException("eventsPerSecond must be > 0");
			}
			if (maxDisorder.isNegative()) {
				throw new IllegalArgumentException("maxDisorder must not be negative");
			}
			if (duplicateRate < 0 || duplicateRate > 1 || epochMillisShare < 0 || epochMillisShare > 1) {
				throw new IllegalArgumentException("rates are between 0 and 1");
			}
		}

		/** 100 events/s, disorder under 1.5 s, 2% duplicates, half the times as epoch millis. */
		public static Options defaults(Instant start, Duration span) {
			return new Options(start, span, 100, Duration.ofMillis(1500), 0.02, 0.5, Duration.ofSeconds(10));
		}

		public Options withDuplicateRate(double rate) {
			return new Options(this.start, this.span, this.eventsPerSecond, this.maxDisorder, rate,
					this.epochMillisShare, this.windowSize);
		}

		public Options withEventsPerSecond(int eps) {
			return new Options(this.start, this.span, eps, this.maxDisorder, this.duplicateRate,
					this.epochMillisShare, this.windowSize);
		}

	}

	/**
	 * The main data set in send order: event times in {@code [start, start + span)}, shuffled within
	 * less than {@code maxDisorder}, with in-data duplicates (the same event, same id, sent twice).
	 */
	public List<AdEvent> onTime(Options options) {
		long startMillis = options.start().toEpochMilli();
		long spanMillis = options.span().toMillis();
		long count = Math.max(1, spanMillis * options.eventsPerSecond() / 1000);
		List<AdEvent> events = new ArrayList<>();
		for (long i = 0; i < count; i++) {
			Instant t = Instant.ofEpochMilli(startMillis + this.random.nextLong(spanMillis));
			events.add(event(t, pick(EVENT_TYPES), pick(this.adIds), options.epochMillisShare()));
		}
		if (options.windowSize() != null) {
			long size = options.windowSize().toMillis();
			for (long b = Math.floorDiv(startMillis, size) * size + size; b < startMillis + spanMillis; b += size) {
				if (b - 1 >= startMillis) {
					events.add(event(Instant.ofEpochMilli(b - 1), "view", pick(this.adIds), options.epochMillisShare()));
				}
				events.add(event(Instant.ofEpochMilli(b), "view", pick(this.adIds), options.epochMillisShare()));
			}
		}
		// every element is sent in the order of eventTime + delay with 0 <= delay < maxDisorder, so an
		// event is never sent after one whose event time is maxDisorder or more ahead of it
		long d = options.maxDisorder().toMillis();
		List<Keyed> keyed = new ArrayList<>();
		long seq = 0;
		for (AdEvent e : events) {
			long delay = (d > 0) ? this.random.nextLong(d) : 0;
			long t = e.eventTime().toEpochMilli();
			keyed.add(new Keyed(t + delay, seq++, e));
			if (this.random.nextDouble() < options.duplicateRate()) {
				// the copy comes after the original, within the same bound
				long copyDelay = (delay + 1 < d) ? delay + 1 + this.random.nextLong(d - delay - 1) : delay;
				keyed.add(new Keyed(t + copyDelay, Long.MAX_VALUE / 2 + seq++, e));
			}
		}
		keyed.sort(Comparator.comparingLong(Keyed::sendKey).thenComparingLong(Keyed::tieBreak));
		return keyed.stream().map(Keyed::event).toList();
	}

	/**
	 * Random events (about a third of them views) for live load: event times in
	 * {@code (latest - maxDisorder, latest]}, so a stream of such batches stays within the disorder bound.
	 */
	public List<AdEvent> live(int count, Instant latest, Duration maxDisorder) {
		long d = Math.max(1, maxDisorder.toMillis());
		List<AdEvent> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			events.add(event(latest.minusMillis(this.random.nextLong(d)), pick(EVENT_TYPES), pick(this.adIds), 0.5));
		}
		return events;
	}

	/**
	 * Views of the given campaign with event times inside the window {@code [windowStart, windowStart +
	 * size)}, with fresh ids: sent after the window closed for good they are late.
	 */
	public List<AdEvent> viewsIn(String campaign, Instant windowStart, Duration size, int count) {
		List<String> ads = this.campaigns.adsOf(campaign);
		if (ads.isEmpty()) {
			throw new IllegalArgumentException("unknown campaign " + campaign);
		}
		List<AdEvent> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Instant t = windowStart.plusMillis(this.random.nextLong(size.toMillis()));
			events.add(event(t, "view", pick(ads), 0.5));
		}
		return events;
	}

	/** One event of the given campaign and type (e.g. a click that the YSB filter must drop). */
	public AdEvent eventOf(String campaign, String eventType, Instant eventTime) {
		return event(eventTime, eventType, pick(this.campaigns.adsOf(campaign)), 0.5);
	}

	/** One event for an arbitrary ad id (a probe, or an ad that is not in the lookup table). */
	public AdEvent eventForAd(String adId, String eventType, Instant eventTime) {
		return event(eventTime, eventType, adId, 0.5);
	}

	private AdEvent event(Instant eventTime, String eventType, String adId, double epochMillisShare) {
		TimeEncoding encoding = (this.random.nextDouble() < epochMillisShare) ? TimeEncoding.EPOCH_MILLIS
				: TimeEncoding.ISO_8601;
		return new AdEvent(YsbCampaigns.uuid(this.random), YsbCampaigns.uuid(this.random),
				YsbCampaigns.uuid(this.random), adId, pick(AD_TYPES), eventType, eventTime, encoding,
				"192.0.2." + (1 + this.random.nextInt(254)), 1 + this.random.nextInt(2000));
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private record Keyed(long sendKey, long tieBreak, AdEvent event) {
	}

}
