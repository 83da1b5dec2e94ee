package io.tributary.ingestion.alertdelivery;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.ingestion.alertdelivery.FailedDeliveries.StoredFailure;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's resend of failed alert deliveries (scope {@code admin}), once the receiver is fixed:
 * one record by its id, as query lists it at {@code GET .../alerts/deliveries/failed}, or every record
 * of one target. Each record gives at most one delivery job, however many resends race.
 */
@RestController
@RequestMapping(path = "/api/v1/pipelines/{pipeline}/alerts/deliveries/failed", produces = MediaType.APPLICATION_JSON_VALUE)
class DeliveryResendController {

	private static final Logger log = LoggerFactory.getLogger(DeliveryResendController.class);

	private final PipelineFile pipelineFile;

	private final FailedDeliveries failures;

	private final DeliveryResender resender;

	DeliveryResendController(PipelineFile pipelineFile, FailedDeliveries failures, DeliveryResender resender) {
		this.pipelineFile = pipelineFile;
		this.failures = failures;
		this.resender = resender;
	}

	/**
	 * Resends one failed delivery: a delivery job for its target with its alert revision, and the
	 * record deleted, in one step. A record that is not there (never, resent already, or trimmed) is a
	 * 404 and gives no job.
	 */
	@PostMapping("/{id}/resend")
	Resent resend(@PathVariable String pipeline, @PathVariable String id) {
		requirePipeline(pipeline);
		if (!FailedDeliveries.isRecordId(id)) {
			throw new InvalidResendRequestException("id",
					"must be a failed delivery's id as listed, such as 1714564800000-0, not '" + id + "'");
		}
		StoredFailure stored = this.failures.find(pipeline, id);
		if (stored == null || !this.resender.resend(pipeline, stored)) {
			throw new FailedDeliveryNotFoundException(pipeline, id);
		}
		log.info("Resent failed delivery {} of pipeline '{}' to target '{}'", id, pipeline, stored.failure().target());
		return new Resent(1, List.of(id));
	}

	/**
	 * Resends every failed delivery of one target ({@code {"target": "ops-hook"}}), oldest first, each
	 * as {@link #resend} does; records resent by someone else meanwhile are left out.
	 */
	@PostMapping(path = "/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
	Resent resendTarget(@PathVariable String pipeline, @RequestBody ResendRequest request) {
		requirePipeline(pipeline);
		String target = request.target();
		if (target == null || target.isBlank()) {
			throw new InvalidResendRequestException("target",
					"must name the target whose failed deliveries to resend: {\"target\": \"ops-hook\"}");
		}
		List<String> resent = new ArrayList<>();
		// the stream is capped at about FAILED_DELIVERIES_LENGTH: twice that reads it all
		for (StoredFailure stored : this.failures.oldest(pipeline, 2 * RedisKeys.FAILED_DELIVERIES_LENGTH)) {
			if (stored.failure().target().equals(target) && this.resender.resend(pipeline, stored)) {
				resent.add(stored.id());
			}
		}
		if (!resent.isEmpty()) {
			// the name of stored records' target, not just any text of the request
			log.info("Resent {} failed deliveries of pipeline '{}' to target '{}'", resent.size(), pipeline, target);
		}
		return new Resent(resent.size(), resent);
	}

	private void requirePipeline(String pipeline) {
		if (this.pipelineFile.pipeline(pipeline).isEmpty()) {
			throw new UnknownPipelineException(pipeline, this.pipelineFile.pipelines().keySet());
		}
	}

	/** Which target's failed deliveries to resend. */
	record ResendRequest(@Nullable String target) {
	}

	/**
	 * @param resent how many failed deliveries became delivery jobs again
	 * @param ids    their ids, now deleted from the failed deliveries
	 */
	record Resent(int resent, List<String> ids) {
	}

}
