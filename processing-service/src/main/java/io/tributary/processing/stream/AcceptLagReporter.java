package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.tributary.contract.AcceptLagReport;
import io.tributary.contract.RedisKeys;
import io.tributary.support.schedule.FixedDelayLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Writes this instance's accept lag ({@link AcceptLagTracker}) to Redis every {@link #INTERVAL}, as its
 * field of {@link RedisKeys#acceptLag}, for ingestion's admission control. Deletes its field on stop,
 * and now and then the fields of instances that stopped without doing so; the hash expires a minute
 * after the last write of any instance.
 */
public final class AcceptLagReporter implements SmartLifecycle {

	/** How often the report is written: well within {@link AcceptLagReport#STALE_AFTER}. */
	static final Duration INTERVAL = Duration.ofMillis(250);

	/** How old another instance's report must be before it is deleted as a stopped instance's. */
	static final Duration FORGET_AFTER = Duration.ofMinutes(1);

	/** Every this many writes, the fields of stopped instances are looked for. */
	private static final int PRUNE_EVERY = 40;

	private static final Logger log = LoggerFactory.getLogger(AcceptLagReporter.class);

	private final LongSupplier lagMillis;

	private final StringRedisTemplate redis;

	private final String key;

	private final String instanceId;

	private final Clock clock;

	private final FixedDelayLoops loops = new FixedDelayLoops(Thread.ofPlatform().name("accept-lag-reporter").daemon());

	private int writes;

	private boolean failing;

	public AcceptLagReporter(WindowStage stage, StringRedisTemplate redis, RedisKeys keys, Clock clock) {
		this(stage.acceptLag()::lagMillis, redis, keys, stage.instanceId(), clock);
	}

	AcceptLagReporter(LongSupplier lagMillis, StringRedisTemplate redis, RedisKeys keys, String instanceId,
			Clock clock) {
		this.lagMillis = lagMillis;
		this.redis = redis;
		this.key = keys.acceptLag();
		this.instanceId = instanceId;
		this.clock = clock;
	}

	/** Writes the report once (the loop's task). */
	void report() {
		try {
			Instant now = this.clock.instant();
			this.redis.opsForHash()
				.put(this.key, this.instanceId, new AcceptLagReport(this.lagMillis.getAsLong(), now).encode());
			this.redis.expire(this.key, FORGET_AFTER);
			if (++this.writes % PRUNE_EVERY == 0) {
				forgetStoppedInstances(now);
			}
			if (this.failing) {
				this.failing = false;
				log.info("The accept lag is reported to Redis again");
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				log.warn("Could not report the accept lag to Redis ({}); ingestion ignores this instance's "
						+ "report once it is {} s old", ex.toString(), AcceptLagReport.STALE_AFTER.toSeconds());
			}
		}
	}

	private void forgetStoppedInstances(Instant now) {
		List<Object> stopped = new ArrayList<>();
		for (Map.Entry<Object, Object> field : this.redis.opsForHash().entries(this.key).entrySet()) {
			try {
				AcceptLagReport report = AcceptLagReport.parse(String.valueOf(field.getValue()));
				if (report.writtenAt().plus(FORGET_AFTER).isBefore(now)) {
					stopped.add(field.getKey());
				}
			}
			catch (IllegalArgumentException ex) {
				stopped.add(field.getKey());
			}
		}
		if (!stopped.isEmpty()) {
			this.redis.opsForHash().delete(this.key, stopped.toArray());
		}
	}

	@Override
	public void start() {
		this.loops.start(new FixedDelayLoops.Loop(INTERVAL, this::report));
	}

	@Override
	public void stop() {
		this.loops.stop();
		try {
			this.redis.opsForHash().delete(this.key, this.instanceId);
		}
		catch (RuntimeException ex) {
			log.debug("Could not delete the accept-lag report: {}", ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.loops.isRunning();
	}

}
