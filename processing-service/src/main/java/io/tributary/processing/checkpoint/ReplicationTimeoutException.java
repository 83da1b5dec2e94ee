package io.tributary.processing.checkpoint;

import java.time.Duration;

/**
 * Fewer replicas than required acknowledged a checkpoint within the wait: the master holds it, but
 * would lose it if it died now, so the checkpoint has not succeeded (it is retried like any failed one).
 */
public class ReplicationTimeoutException extends RuntimeException {

	ReplicationTimeoutException(String key, long acknowledged, int required, Duration timeout) {
		super("the write of " + key + " reached " + acknowledged + " of " + required + " replicas within " + timeout);
	}

}
