package io.tributary.storage.notify;

import java.util.Map;
import java.util.StringJoiner;

import io.tributary.contract.Alert;
import io.tributary.contract.WireFormat;
import io.tributary.storage.StorageProperties.Format;
import org.jspecify.annotations.Nullable;

/**
 * The body a target receives for one alert revision, in its format: {@code generic}, the alert in
 * the contract's JSON with its pipeline, rule, severity and state beside it; or {@code slack}, an
 * incoming-webhook message ({@code {"text": ...}}) with one readable line.
 */
final class DeliveryBody {

	private static final int MAX_METRICS = 5;

	private DeliveryBody() {
	}

	static byte[] of(Format format, Alert alert, String idempotencyKey) {
		return switch (format) {
			case GENERIC -> WireFormat.write(new Generic(idempotencyKey, alert.pipeline(), alert.rule(), alert.key(),
					alert.severity().name(), alert.status().name(), alert.revision(), alert));
			case SLACK -> WireFormat.write(new Slack(text(alert)));
		};
	}

	/**
	 * The readable line, e.g. {@code [critical] views-high opened on campaign-views, key c1: views > 1000
	 * — window 2026-12-03T12:00:00Z to 2026-12-03T12:00:10Z, 1 breaching window; views=1234}.
	 */
	static String text(Alert alert) {
		StringBuilder text = new StringBuilder();
		text.append('[').append(alert.severity().name()).append("] ").append(alert.rule()).append(' ');
		if (alert.isOpen()) {
			text.append(alert.breaches() > 1 ? "still open" : "opened");
		}
		else {
			text.append("resolved");
			if (alert.resolution() != null) {
				text.append(" (").append(alert.resolution().name()).append(')');
			}
		}
		text.append(" on ").append(alert.pipeline()).append(", key ").append(alert.key()).append(": ")
			.append(alert.condition());
		text.append(" — window ").append(alert.windowStart()).append(" to ").append(alert.windowEnd())
			.append(", ").append(alert.breaches()).append(alert.breaches() == 1 ? " breaching window" : " breaching windows");
		String metrics = metrics(alert.metrics());
		if (!metrics.isEmpty()) {
			text.append("; ").append(metrics);
		}
		return text.toString();
	}

	private static String metrics(Map<String, @Nullable Object> metrics) {
		StringJoiner joined = new StringJoiner(", ");
		int shown = 0;
		for (Map.Entry<String, @Nullable Object> metric : metrics.entrySet()) {
			if (shown++ == MAX_METRICS) {
				joined.add("…");
				break;
			}
			joined.add(metric.getKey() + "=" + metric.getValue());
		}
		return joined.toString();
	}

	/**
	 * The generic body.
	 *
	 * @param idempotencyKey as the {@code Idempotency-Key} header: alert id and revision
	 * @param state          {@code open} or {@code resolved}
	 */
	record Generic(String idempotencyKey, String pipeline, String rule, String key, String severity, String state,
			long revision, Alert alert) {
	}

	/** A Slack incoming-webhook message. */
	record Slack(String text) {
	}

}
