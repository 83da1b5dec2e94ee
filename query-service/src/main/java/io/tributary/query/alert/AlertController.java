package io.tributary.query.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Alert;
import io.tributary.contract.AlertDeliveryFailure;
import io.tributary.contract.RedisKeys;
import io.tributary.query.QueryProperties;
import io.tributary.query.alert.DeliveryFailureReader.StoredFailure;
import io.tributary.query.pipeline.PipelineCatalog;
import io.tributary.query.web.InvalidParameterException;
import io.tributary.query.web.NotFoundException;
import io.tributary.query.web.RequestParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alerts of a pipeline: open ones, resolved ones or all, optionally of one key, newest first;
 * and the alert revisions a notification target did not take (failed deliveries), newest first, each
 * of which an operator can resend (scope {@code admin}, like every request but a read) once the
 * receiver is fixed: one record by its id, or every record of one target.
 */
@RestController
@RequestMapping(path = "/api/v1/pipelines/{pipeline}", produces = MediaType.APPLICATION_JSON_VALUE)
class AlertController {

	private final PipelineCatalog catalog;

	private final AlertReader reader;

	private final DeliveryFailureReader failures;

	private final DeliveryResender resender;

	private final QueryProperties properties;

	AlertController(PipelineCatalog catalog, AlertReader reader, DeliveryFailureReader failures,
			DeliveryResender resender, QueryProperties properties) {
		this.catalog = catalog;
		this.reader = reader;
		this.failures = failures;
		this.resender = resender;
		this.properties = properties;
	}

	@GetMapping("/alerts")
	AlertList alerts(@PathVariable String pipeline, @RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String key, @RequestParam(required = false) @Nullable String limit) {
		this.catalog.pipeline(pipeline);
		AlertReader.Status wanted = AlertReader.Status.parse(status);
		if (wanted == null) {
			throw new InvalidParameterException("status", "must be open, resolved or all, not '" + status + "'");
		}
		int size = RequestParameters.limit(limit, this.properties.defaultLimit(), this.properties.maxLimit());
		String k = (key == null || key.isEmpty()) ? null : key;
		return new AlertList(this.reader.alerts(pipeline, wanted, k, size), this.reader.openCount(pipeline));
	}

	@GetMapping("/alerts/deliveries/failed")
	FailureList failedDeliveries(@PathVariable String pipeline, @RequestParam(required = false) @Nullable String limit) {
		this.catalog.pipeline(pipeline);
		int size = RequestParameters.limit(limit, this.properties.defaultLimit(), this.properties.maxLimit());
		return new FailureList(this.failures.failures(pipeline, size).stream().map(FailedDelivery::of).toList());
	}

	/**
	 * Resends one failed delivery: a delivery job for its target with its alert revision, and the
	 * record deleted, in one step. A record that is not there (never, resent already, or trimmed) is a
	 * 404 and gives no job.
	 */
	@PostMapping("/alerts/deliveries/failed/{id}/resend")
	Resent resend(@PathVariable String pipeline, @PathVariable String id) {
		this.catalog.pipeline(pipeline);
		if (!DeliveryFailureReader.isRecordId(id)) {
			throw new InvalidParameterException("id", "must be a failed delivery's id as listed, such as 1714564800000-0, not '"
					+ id + "'");
		}
		StoredFailure stored = this.failures.failure(pipeline, id);
		if (stored == null || !this.resender.resend(pipeline, stored)) {
			throw new NotFoundException("Pipeline '" + pipeline + "' has no failed delivery '" + id
					+ "' (resent already, trimmed, or never there)");
		}
		return new Resent(1, List.of(id));
	}

	/**
	 * Resends every failed delivery of one target ({@code {"target": "ops-hook"}}), oldest first, each
	 * as {@link #resend} does; records resent by someone else meanwhile are left out.
	 */
	@PostMapping(path = "/alerts/deliveries/failed/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
	Resent resendTarget(@PathVariable String pipeline, @RequestBody ResendRequest request) {
		this.catalog.pipeline(pipeline);
		String target = request.target();
		if (target == null || target.isBlank()) {
			throw new InvalidParameterException("target",
					"must name the target whose failed deliveries to resend: {\"target\": \"ops-hook\"}");
		}
		List<String> resent = new ArrayList<>();
		// the stream is capped at about FAILED_DELIVERIES_LENGTH: twice that reads it all
		for (StoredFailure stored : this.failures.oldestFailures(pipeline, 2 * RedisKeys.FAILED_DELIVERIES_LENGTH)) {
			if (stored.failure().target().equals(target) && this.resender.resend(pipeline, stored)) {
				resent.add(stored.id());
			}
		}
		return new Resent(resent.size(), resent);
	}

	/** Failed deliveries, newest first. */
	record FailureList(List<FailedDelivery> items) {
	}

	/**
	 * A failed delivery as listed: its {@link AlertDeliveryFailure} and the id that resends it.
	 *
	 * @param id the record's id (its stream id)
	 */
	record FailedDelivery(String id, String target, String idempotencyKey, int attempts, String reason,
			Instant firstAttemptAt, Instant failedAt, Alert alert) {

		static FailedDelivery of(StoredFailure stored) {
			AlertDeliveryFailure f = stored.failure();
			return new FailedDelivery(stored.id(), f.target(), f.idempotencyKey(), f.attempts(), f.reason(),
					f.firstAttemptAt(), f.failedAt(), f.alert());
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

	/**
	 * @param open how many alerts of the pipeline are open now
	 */
	record AlertList(List<Alert> items, long open) {
	}

}
