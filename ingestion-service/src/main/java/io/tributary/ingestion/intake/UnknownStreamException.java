package io.tributary.ingestion.intake;

import java.util.Collection;
import java.util.List;

/** Events were sent to a stream that the pipeline file does not declare. */
public final class UnknownStreamException extends IntakeException {

	private final String stream;

	public UnknownStreamException(String stream, Collection<String> declared) {
		super("stream '" + stream + "' is not declared in the pipeline file; declared streams: "
				+ List.copyOf(declared));
		this.stream = stream;
	}

	public String stream() {
		return this.stream;
	}

}
