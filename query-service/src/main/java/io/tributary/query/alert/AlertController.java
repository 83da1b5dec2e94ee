package io.tributary.query.alert;

import java.time.Instant;
import java.util.List;

import io.tributary.contract.Alert;
import io.tributary.contract.AlertDeliveryFailure;
import io.tributary.query.QueryProperties;
import io.tributary.query.alert.DeliveryFailureReader.StoredFailure;
import io.tributary.query.pipeline.PipelineCatalog;
import io.tributary.query.web.InvalidParameterException;
import io.tributary.query.web.RequestParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alerts of a pipeline: open ones, resolved ones or all, optionally of one key, newest first;
 * and the alert revisions a notification target did not take (failed deliveries), newest first, each
 * with the id an operator resends it by (on ingestion-service: this service only reads).
 */
@RestController
@RequestMapping(path = "/api/v1/pipelines/{pipeline}", produces = MediaType.APPLICATION_JSON_VALUE)
class AlertController {

	private final PipelineCatalog catalog;

	private final AlertReader reader;

	private final DeliveryFailureReader failures;

	private final QueryProperties properties;

	AlertController(PipelineCatalog catalog, AlertReader reader, DeliveryFailureReader failures,
			QueryProperties properties) {
		this.catalog = catalog;
		this.reader = reader;
		this.failures = failures;
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

	/** Failed deliveries, newest first. */
	record FailureList(List<FailedDelivery> items) {
	}

	/**
	 * A failed delivery as listed: its {@link AlertDeliveryFailure} and the id that resends it
	 * ({@code POST .../failed/{id}/resend} on ingestion-service).
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

	/**
	 * @param open how many alerts of the pipeline are open now
	 */
	record AlertList(List<Alert> items, long open) {
	}

}
