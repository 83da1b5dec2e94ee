package io.tributary.ingestion.backpressure;

import java.util.OptionalLong;

/**
 * Where the accept lag is read from: how long accepted events waited before a window stage applied
 * them, as processing reports it, asked in the background, never per request.
 */
interface AcceptLagSource {

	/**
	 * The largest accept lag any processing instance reports freshly, in milliseconds; empty when none
	 * does (no processing instance runs, or none can reach Redis).
	 *
	 * @throws RuntimeException when the reports cannot be read
	 */
	OptionalLong largestFreshLagMillis();

}
