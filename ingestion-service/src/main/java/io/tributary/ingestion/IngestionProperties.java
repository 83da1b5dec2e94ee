package io.tributary.ingestion;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
	 */
	public record Ingestion(@DefaultValue("8MB") @NotNull DataSize maxRequestSize,
			@DefaultValue("10000") @Min(1) int maxEventsPerRequest,
			@DefaultValue("5s") @NotNull Duration confirmTimeout,
			@DefaultValue("5s") @NotNull Duration retryAfter,
			@DefaultValue("100") @Min(1) @Max(100_000) int maxReportedErrors,
			@DefaultValue("1s") @NotNull Duration redeliveryDelay) {
	}

}
