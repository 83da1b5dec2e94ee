package io.tributary.ingestion.api;

import java.io.IOException;

/** The connection broke while the request body was read: the client went away or the network failed. */
class BodyNotReceivedException extends RuntimeException {

	BodyNotReceivedException(IOException cause) {
		super("the request body could not be read: " + cause.getMessage() + "; nothing was accepted", cause,
				false, false);
	}

}
