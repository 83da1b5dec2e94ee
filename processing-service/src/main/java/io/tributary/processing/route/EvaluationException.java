package io.tributary.processing.route;

/** An expression could not be evaluated on an event's data; the message says why, for a dead letter. */
class EvaluationException extends Exception {

	EvaluationException(String message) {
		super(message);
	}

}
