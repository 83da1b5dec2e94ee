package io.tributary.support.diagnostics;

/**
 * What to say about a failure: the innermost cause names what actually failed (a refused connection,
 * ...), and whether a TLS handshake failed on the way.
 */
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

	/** Whether a TLS handshake failed somewhere in the chain: a certificate not trusted, refused or missing. */
	public static boolean tlsHandshakeFailed(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof javax.net.ssl.SSLException) {
				return true;
			}
		}
		return false;
	}

}
