package io.tributary.processing.window;

/**
 * One emission of a session as storage holds it: the bounds it had and the revision it was emitted
 * with, so that a session whose start moved (it grew earlier, or was absorbed) can retract it.
 */
record SessionEmission(long start, long end, long revision) {

	/** The checkpoint's form, {@code [start, end, revision]}. */
	long[] toArray() {
		return new long[] { this.start, this.end, this.revision };
	}

	static SessionEmission of(long[] stored) {
		return new SessionEmission(stored[0], stored[1], stored[2]);
	}

}
