package io.tributary.ingestion.deadletter;

import java.util.List;

/** A redrive named dead letters the stream does not have (never, or redriven already). */
public final class DeadLettersNotFoundException extends RuntimeException {

	private final List<String> ids;

	DeadLettersNotFoundException(String where, List<String> ids) {
		super(ids.size() + " of the dead letters named are not in " + where
				+ " (never there, or redriven already); nothing was redriven: " + ids);
		this.ids = List.copyOf(ids);
	}

	public List<String> ids() {
		return this.ids;
	}

}
