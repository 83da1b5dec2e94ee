package io.tributary.ingestion;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import io.tributary.ingestion.intake.ReadLimits;
import io.tributary.support.config.Namespace;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The configuration of the ingestion service ({@code tributary.*}).
 *
 * @param namespace    prefix of every exchange, queue and Redis key, so installations and test runs can
 *                     share one broker and one Redis
 * @param pipelineFile the pipeline file declaring streams and lookup tables, relative to the working
 *                     directory
 * @param ingestion    limits and timeouts of ingestion
 */
@ConfigurationProperties("tributary")
@Validated
public record IngestionProperties(
		@DefaultValue("tributary") @Namespace String namespace,
		@DefaultValue("pipelines/example.yaml") @NotNull Path pipelineFile,
		@DefaultValue @Valid Ingestion ingestion) {

	/**
	 * Limits and timeouts of ingestion.
	 *
	 * @param maxRequestSize      largest request body (HTTP) or message body (AMQP) accepted; larger
	 *                            requests get 413, larger messages are dead-lettered
	 * @param maxEventsPerRequest most events in one request or message
	 * @param confirmTimeout      how long to wait for the broker to confirm a publish before answering
	 *                            503 (HTTP) or requeueing (AMQP)
	 * @param retryAfter          the {@code Retry-After} a client is told when the broker or Redis is
	 *                            unavailable
	 * @param maxReportedErrors   most per-event errors listed in one problem response, so a request of
	 *                            ten thousand bad events does not produce a response larger than itself
	 * @param redeliveryDelay     how long a broker message that could not be forwarded (broker nack,
	 *                            confirm timeout) is held before it is requeued for redelivery
	 * @param maxLineLength       longest line of an NDJSON body or message; a longer one gets 413 (HTTP)
	 *                            or is dead-lettered (AMQP)
	 * @param bodyReadTimeout     longest an HTTP request body may take to arrive, all of it; a slower one
	 *                            gets 408 and its connection is closed
	 * @param json                what one JSON body may hold
	 * @param progressInterval    how often this instance publishes a progress marker for each stream
	 *                            ("nothing accepted before T is still to come"): processing lets a quiet
	 *                            stream's watermark move by the clock only on such markers; keep it well
	 *                            below processing's {@code source-expiry}
	 * @param backpressure        when HTTP batches are refused because the pipeline is behind
	 */
	public record Ingestion(@DefaultValue("8MB") @NotNull DataSize maxRequestSize,
			@DefaultValue("10000") @Min(1) int maxEventsPerRequest,
			@DefaultValue("5s") @NotNull Duration confirmTimeout,
			@DefaultValue("5s") @NotNull Duration retryAfter,
			@DefaultValue("100") @Min(1) @Max(100_000) int maxReportedErrors,
			@DefaultValue("1s") @NotNull Duration redeliveryDelay,
			@DefaultValue("1MB") @NotNull DataSize maxLineLength,
			@DefaultValue("30s") @NotNull Duration bodyReadTimeout,
			@DefaultValue @Valid Json json,
			@DefaultValue("1s") @NotNull Duration progressInterval,
			@DefaultValue @Valid Backpressure backpressure) {

		public Ingestion {
			if (progressInterval.isNegative() || progressInterval.isZero()) {
				throw new IllegalArgumentException("tributary.ingestion.progress-interval must be positive, got "
						+ progressInterval);
			}
		}

		/** The intake's limits: these settings as one value. */
		public ReadLimits readLimits() {
			return new ReadLimits(this.maxEventsPerRequest, this.maxRequestSize.toBytes(),
					(int) Math.min(Integer.MAX_VALUE, this.maxLineLength.toBytes()), this.json.maxNestingDepth(),
					this.json.maxStringLength(), this.json.maxNumberLength(), this.json.maxNameLength());
		}

	}

	/**
	 * Admission control, by time first: while the accept lag processing reports to Redis (how long
	 * accepted events waited before a window stage applied them, the largest over the last second)
	 * is over {@code maxDelay}, a new HTTP batch gets 503 with {@code Retry-After} instead of 202,
	 * until the lag is below half of {@code maxDelay}. As a backstop for when processing reports
	 * nothing: while the queues downstream of ingestion (processing's input, the keyed partition
	 * queues, storage's input) hold more than {@code maxBacklog} ready messages (Kafka: records their
	 * groups have not committed). Both are sampled every {@code sampleInterval} in the background,
	 * never per request.
	 *
	 * @param enabled        whether batches are refused at all
	 * @param maxDelay       longest accept lag at which batches are still accepted; the rest of a
	 *                       freshness budget is for the path after the window stage
	 * @param maxBacklog     most messages waiting downstream at which batches are still accepted (one
	 *                       HTTP batch is one message in processing's queue)
	 * @param sampleInterval how often the accept lag and the queue depths are read
	 * @param retryAfter     the {@code Retry-After} a refused client is told
	 * @param partitions     the installation's keyed partitions, processing's
	 *                       {@code tributary.processing.partitions}: which partition queues to watch
	 */
	public record Backpressure(@DefaultValue("true") boolean enabled, @DefaultValue("1s") @NotNull Duration maxDelay,
			@DefaultValue("2000") @Min(1) long maxBacklog,
			@DefaultValue("250ms") @NotNull Duration sampleInterval, @DefaultValue("1s") @NotNull Duration retryAfter,
			@DefaultValue("8") @Min(1) int partitions) {

		public Backpressure {
			if (sampleInterval.isNegative() || sampleInterval.isZero()) {
				throw new IllegalArgumentException(
						"tributary.ingestion.backpressure.sample-interval must be positive, got " + sampleInterval);
			}
			if (maxDelay.isNegative() || maxDelay.isZero()) {
				throw new IllegalArgumentException(
						"tributary.ingestion.backpressure.max-delay must be positive, got " + maxDelay);
			}
		}

		/** How old a depth reading may be and still refuse a batch: ten samples, at least 2 s. */
		public Duration staleAfter() {
			Duration tenSamples = this.sampleInterval.multipliedBy(10);
			return (tenSamples.compareTo(Duration.ofSeconds(2)) > 0) ? tenSamples : Duration.ofSeconds(2);
		}

	}

	/**
	 * What one JSON body (an HTTP request, an AMQP message, a lookup upsert) may hold, so that one
	 * hostile value costs little to refuse; breaking a limit gets 413 (HTTP) or a dead letter (AMQP).
	 *
	 * @param maxNestingDepth deepest nesting of objects and arrays
	 * @param maxStringLength longest string value, in characters
	 * @param maxNumberLength longest number, in characters
	 * @param maxNameLength   longest property name, in characters
	 */
	public record Json(@DefaultValue("64") @Min(1) int maxNestingDepth,
			@DefaultValue("1000000") @Min(1) int maxStringLength,
			@DefaultValue("100") @Min(1) int maxNumberLength,
			@DefaultValue("1000") @Min(1) int maxNameLength) {
	}

}
