package io.tributary.ingestion.alertdelivery;

/** A resend request with a parameter that cannot be used: answered with 400 naming the parameter. */
public class InvalidResendRequestException extends RuntimeException {

	private final String parameter;

	InvalidResendRequestException(String parameter, String reason) {
		super("Parameter '" + parameter + "' " + reason);
		this.parameter = parameter;
	}

	public String parameter() {
		return this.parameter;
	}

}
