package io.tributary.query;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import io.tributary.support.config.Namespace;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the query service.
 *
 * @param namespace    prefix of every Redis key read (shared with the other services, so tests and
 *                     installations can share one Redis)
 * @param pipelineFile the pipeline file, relative to the working directory; it names the pipelines
 *                     and streams that can be queried
 * @param defaultLimit page size when a request gives no {@code limit}
 * @param maxLimit     the largest {@code limit} a request may ask for
 * @param maxRollupWindows the most windows one roll-up merges; a longer range is a 400 that says so
 * @param live         the live streams (SSE) this replica serves
 * @param retryAfter   the {@code Retry-After} a client is told when Redis does not answer or this
 *                     replica serves as many live streams as it may
 */
@ConfigurationProperties("tributary")
@Validated
public record QueryProperties(
		@DefaultValue("tributary") @Namespace String namespace,
		@DefaultValue("pipelines/example.yaml") Path pipelineFile,
		@DefaultValue("100") @Min(1) int defaultLimit,
		@DefaultValue("1000") @Min(1) @Max(100_000) int maxLimit,
		@DefaultValue("100000") @Min(1) int maxRollupWindows,
		@DefaultValue @Valid Live live,
		@DefaultValue("1s") @NotNull Duration retryAfter) {

	public QueryProperties {
		if (defaultLimit > maxLimit) {
			throw new IllegalArgumentException(
					"tributary.default-limit (" + defaultLimit + ") must not exceed tributary.max-limit (" + maxLimit + ")");
		}
	}

	/**
	 * Settings of the live streams ({@code tributary.live.*}).
	 *
	 * @param pollInterval how often a stream reads the pipeline's feed for new entries: the most a
	 *                     live result waits beyond its arrival in Redis
	 * @param heartbeat    how often an idle stream sends a comment, so proxies keep the connection
	 * @param timeout      how long one stream lasts before the client must reconnect (it resumes
	 *                     from {@code Last-Event-ID} without gap or repeat)
	 * @param maxStreams   the most streams this replica serves at once; one more is a 503 with
	 *                     {@code Retry-After}
	 */
	public record Live(@DefaultValue("200ms") Duration pollInterval, @DefaultValue("15s") Duration heartbeat,
			@DefaultValue("10m") Duration timeout, @DefaultValue("256") @Min(1) int maxStreams) {

		public Live {
			requirePositive(pollInterval, "tributary.live.poll-interval");
			requirePositive(heartbeat, "tributary.live.heartbeat");
			requirePositive(timeout, "tributary.live.timeout");
		}

		private static void requirePositive(Duration value, String name) {
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, was " + value);
			}
		}

	}

}
