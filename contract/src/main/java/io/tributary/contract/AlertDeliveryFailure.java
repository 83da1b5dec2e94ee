package io.tributary.contract;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert revision that a notification target did not accept within the delivery attempts (the
 * dead letter of alert delivery), kept by storage and served by query.
 *
 * @param target         the name of the notification target
 * @param idempotencyKey the key every attempt carried ({@code Idempotency-Key})
 * @param attempts       how many attempts were made
 * @param reason         the last attempt's failure: the HTTP status and the start of the answer,
 *                       or why no answer came
 * @param firstAttemptAt wall-clock time of the first attempt
 * @param failedAt       wall-clock time of the last attempt's failure
 * @param alert          the alert revision that was not delivered
 */
public record AlertDeliveryFailure(String target, String idempotencyKey, int attempts, String reason,
		Instant firstAttemptAt, Instant failedAt, Alert alert) {

	public AlertDeliveryFailure {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(idempotencyKey, "idempotencyKey");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(firstAttemptAt, "firstAttemptAt");
		Objects.requireNonNull(failedAt, "failedAt");
		Objects.requireNonNull(alert, "alert");
	}

	/**
	 * The idempotency key of a revision of an alert: its id and revision, percent-encoded as UTF-8 so it
	 * is a valid HTTP header value whatever the key holds ({@code |} becomes {@code %7C}).
	 */
	public static String idempotencyKey(Alert alert) {
		return URLEncoder.encode(alert.id() + "|" + alert.revision(), StandardCharsets.UTF_8);
	}

}
