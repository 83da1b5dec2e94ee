package io.tributary.ingestion.alertdelivery;

/** A failed delivery to resend that is not there (resent already, trimmed, or never): answered with 404. */
public class FailedDeliveryNotFoundException extends RuntimeException {

	FailedDeliveryNotFoundException(String pipeline, String id) {
		super("Pipeline '" + pipeline + "' has no failed delivery '" + id + "' (resent already, trimmed, or never there)");
	}

}
