package io.tributary.ingestion.broker;

import java.util.Locale;

import io.tributary.ingestion.intake.BodyFormat;
import io.tributary.ingestion.intake.EventIntake;
import io.tributary.ingestion.intake.IdSource;
import io.tributary.ingestion.intake.IntakeException;
import io.tributary.ingestion.intake.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * Decides the fate of a message from the ingest exchange, with the same validation as an HTTP
 * request and all or nothing per message. The ids of a message that has a {@code message_id} are
 * derived from it, so every redelivery of the message carries the same event ids and ingestIds and
 * processing counts it once; without a {@code message_id} they are random, and a redelivery after a
 * crash may be counted again.
 */
final class BrokerIntake {

	/** Longest reason put in a header: a reason is for people, and headers travel with the message. */
	static final int MAX_REASON_LENGTH = 4000;

	private final EventIntake intake;

	private final long maxBodySize;

	BrokerIntake(EventIntake intake, long maxBodySize) {
		this.intake = intake;
		this.maxBodySize = maxBodySize;
	}

	Disposition decide(BrokerMessage message) {
		if (message.body().length > this.maxBodySize) {
			return reject("the message body is larger than " + this.maxBodySize + " bytes");
		}
		IdSource ids = message.messageId() == null || message.messageId().isBlank() ? IdSource.fresh()
				: IdSource.derived(message.stream(), message.messageId());
		try {
			return new Disposition.Forward(message.stream(),
					this.intake.accept(message.stream(), message.body(), format(message.contentType()), ids));
		}
		catch (InvalidRequestException ex) {
			return reject(ex.reason());
		}
		catch (IntakeException ex) {
			return reject(ex.getMessage());
		}
	}

	private static BodyFormat format(@Nullable String contentType) {
		return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-ndjson")
				? BodyFormat.NDJSON : BodyFormat.JSON;
	}

	private static Disposition reject(String reason) {
		return new Disposition.Reject(reason.length() <= MAX_REASON_LENGTH ? reason
				: reason.substring(0, MAX_REASON_LENGTH - 3) + "...");
	}

}
