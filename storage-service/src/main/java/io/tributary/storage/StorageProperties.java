package io.tributary.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.tributary.contract.FeedEntryType;
import io.tributary.support.config.Namespace;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * The storage service's settings ({@code tributary.*}).
 *
 * @param namespace    prefix of every broker destination and Redis key, so installations and test
 *                     runs can share one broker and one Redis
 * @param pipelineFile the pipeline file whose {@code retention} settings apply, relative to the
 *                     working directory
 * @param storage      how results and records are written
 * @param notifications where alert rules' {@code notify} targets deliver, and how
 */
@ConfigurationProperties("tributary")
@Validated
public record StorageProperties(@DefaultValue("tributary") @Namespace String namespace,
		@DefaultValue("pipelines/example.yaml") Path pipelineFile, @DefaultValue @Valid Storage storage,
		@Name("notify") @DefaultValue @Valid Notify notifications) {

	/**
	 * @param defaultRetention     retention of results of a pipeline that is not in the pipeline file
	 * @param deadLetterRetention  how long dead-letter records are kept after they were recorded
	 * @param expiryMargin         added to the retention when setting Redis key expiries, so a key
	 *                             never expires before its newest entry is due for trimming
	 * @param writeTimeout         how long one batch's Redis writes may take before the batch fails
	 *                             and is redelivered
	 * @param trimLimit            most expired entries one write removes, so a script stays short
	 * @param failureBackoff       pause after a failed batch before it is handed back to the broker
	 *                             (doubles while failures continue, up to {@code maxFailureBackoff}),
	 *                             so an unavailable Redis is not hammered by redeliveries
	 * @param deadLetterQueueTimeout how long to wait for the broker to confirm a malformed message
	 *                             moved to the dead-letter queue
	 * @param replicasToWait       how many replicas of each Redis master written to must acknowledge a
	 *                             batch's writes ({@code WAIT}) before the batch is acknowledged; 0 (the
	 *                             default): the master's answer is enough, and a failover can lose the
	 *                             newest writes (Redis replicates asynchronously)
	 * @param replicaWaitTimeout   how long a batch waits for them; fewer acknowledgements fail the batch,
	 *                             which is redelivered
	 * @param resultsOut           what is published to the outbound results destination
	 */
	public record Storage(@DefaultValue("7d") @DurationMin(millis = 1) Duration defaultRetention,
			@DefaultValue("7d") @DurationMin(millis = 1) Duration deadLetterRetention,
			@DefaultValue("1h") @DurationMin(millis = 0) Duration expiryMargin,
			@DefaultValue("10s") @DurationMin(millis = 1) Duration writeTimeout,
			@DefaultValue("1000") @Min(1) @Max(5000) int trimLimit,
			@DefaultValue("200ms") @DurationMin(millis = 1) Duration failureBackoff,
			@DefaultValue("5s") @DurationMin(millis = 1) Duration maxFailureBackoff,
			@DefaultValue("10s") @DurationMin(millis = 1) Duration deadLetterQueueTimeout,
			@DefaultValue("0") @Min(0) int replicasToWait,
			@DefaultValue("1s") @DurationMin(millis = 1) Duration replicaWaitTimeout,
			@DefaultValue @Valid ResultsOut resultsOut) {
	}

	/**
	 * The outbound results destination {@code <ns>.results.out} ({@code io.tributary.contract.ResultsOut}):
	 * after a batch is stored and before it is acknowledged, its results, retractions and alerts are
	 * published there, so downstream systems subscribe instead of reading Redis.
	 *
	 * @param enabled         whether anything is published (and the destination declared)
	 * @param types           which of {@code result}, {@code retraction} and {@code alert}
	 * @param nonFinal        whether results that are not final yet ({@code emit.every} updates of an
	 *                        open window) are published too; by default only final ones are
	 * @param confirmTimeout  how long to wait for the broker to confirm a batch's messages before the
	 *                        batch fails and is redelivered
	 * @param partitions      Kafka only: the partitions of the topic when storage creates it
	 */
	public record ResultsOut(@DefaultValue("true") boolean enabled,
			@DefaultValue({ "result", "retraction", "alert" }) Set<FeedEntryType> types,
			@DefaultValue("false") boolean nonFinal,
			@DefaultValue("10s") @DurationMin(millis = 1) Duration confirmTimeout,
			@DefaultValue("8") @Min(1) int partitions) {

		/** @throws IllegalArgumentException when {@code types} names the live feed's {@code late} entries */
		public ResultsOut {
			types = Set.copyOf(types);
			if (types.contains(FeedEntryType.LATE)) {
				throw new IllegalArgumentException(
						"tributary.storage.results-out.types takes result, retraction and alert; late counts are not published");
			}
		}

	}

	/**
	 * Alert delivery ({@code tributary.notify.*}).
	 *
	 * @param targets      the notification targets by the name alert rules use in {@code notify}
	 * @param attempts     how many times one revision is sent to one target before it is recorded as
	 *                     failed (the first try included)
	 * @param backoff      the wait before the second attempt; each further one waits twice as long
	 * @param maxBackoff   the longest wait between two attempts
	 * @param timeout      how long one attempt may take (connecting and the answer)
	 * @param pollInterval how often the delivery jobs are read when there were none
	 * @param maxInFlight  most alert revisions being delivered at once (waiting for a retry included)
	 * @param claimAfter   a job another storage instance took and has not finished for this long is
	 *                     taken over (that instance stopped); longer than all attempts of a job take
	 * @param warnInterval the least time between two WARN lines about one failing target
	 */
	public record Notify(@Nullable Map<String, @Valid Target> targets, @DefaultValue("6") @Min(1) @Max(100) int attempts,
			@DefaultValue("1s") @DurationMin(millis = 1) Duration backoff,
			@DefaultValue("1m") @DurationMin(millis = 1) Duration maxBackoff,
			@DefaultValue("10s") @DurationMin(millis = 1) Duration timeout,
			@DefaultValue("500ms") @DurationMin(millis = 1) Duration pollInterval,
			@DefaultValue("200") @Min(1) @Max(10_000) int maxInFlight,
			@DefaultValue("10m") @DurationMin(seconds = 1) Duration claimAfter,
			@DefaultValue("30s") @DurationMin(millis = 1) Duration warnInterval) {

		public Notify {
			targets = (targets != null) ? Map.copyOf(targets) : Map.of();
		}

		/** The targets, none when none are configured. */
		@Override
		public Map<String, Target> targets() {
			return Objects.requireNonNull(this.targets);
		}

	}

	/**
	 * One notification target. Give the URL and secret from a Secret (a config tree or environment),
	 * never in the pipeline file.
	 *
	 * @param url    where revisions are POSTed: an absolute http or https URL
	 * @param secret the key of the {@code X-Tributary-Signature} HMAC; none: requests are not signed
	 * @param format the body: {@code generic} (the alert and its context as JSON) or {@code slack}
	 *               (an incoming-webhook message)
	 */
	public record Target(@Nullable String url, @Nullable String secret, @DefaultValue("generic") Format format) {

		/** @throws IllegalArgumentException when the URL is missing or not an absolute http(s) URL */
		public Target {
			if (url == null || url.isBlank()) {
				throw new IllegalArgumentException("a target needs a url: where its alerts are POSTed");
			}
			URI uri;
			try {
				uri = new URI(url);
			}
			catch (URISyntaxException ex) {
				throw new IllegalArgumentException(
						"url '" + url + "' must be an absolute http:// or https:// URL (" + ex.getMessage() + ")", ex);
			}
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
				throw new IllegalArgumentException(
						"url '" + url + "' must be an absolute http:// or https:// URL with a host");
			}
		}

		/** Without the secret, which must not reach a log. */
		@Override
		public String toString() {
			return "Target[url=" + this.url + ", secret=" + ((this.secret != null) ? "(set)" : "(none)") + ", format="
					+ this.format + "]";
		}

		/** Where alerts are POSTed (never null once bound). */
		@Override
		public String url() {
			return Objects.requireNonNull(this.url);
		}

	}

	/** The body of a delivery. */
	public enum Format {

		GENERIC, SLACK

	}

}
