package io.tributary.support.diagnostics;

/** What to say about a failure: the innermost cause names what actually failed (a refused connection, ...). */
public final class Causes {

	private Causes() {
	}

	/** The innermost cause's message, or its class's simple name when it has none. */
	public static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

}
