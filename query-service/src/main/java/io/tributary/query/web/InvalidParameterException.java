package io.tributary.query.web;

/** A request parameter that cannot be used: answered with 400 naming the parameter. */
public class InvalidParameterException extends RuntimeException {

	private final String parameter;

	public InvalidParameterException(String parameter, String reason) {
		super("Parameter '" + parameter + "' " + reason);
		this.parameter = parameter;
	}

	public String parameter() {
		return this.parameter;
	}

}
