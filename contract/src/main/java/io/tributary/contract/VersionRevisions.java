package io.tributary.contract;

/**
 * How the revisions of results and alerts relate to the pipeline version that emitted them: version
 * {@code v} numbers its revisions from {@code (v - 1) * 2^32} on, so that a store keeping the highest
 * revision of a record prefers a newer version's record to every revision an older version can have
 * emitted (a late re-publish included). No record gets 2^32 revisions within one version.
 */
public final class VersionRevisions {

	private static final int VERSION_SHIFT = 32;

	private VersionRevisions() {
	}

	/**
	 * The revision the records of {@code version} count up from: their first revision is this plus one.
	 * @throws IllegalArgumentException when {@code version} is below 1
	 */
	public static long base(long version) {
		if (version < 1) {
			throw new IllegalArgumentException("a version is at least 1, got " + version);
		}
		return (version - 1) << VERSION_SHIFT;
	}

	/**
	 * The version whose range holds {@code revision}: how a record written before records named their
	 * version is read (1 for everything written before pipeline versions existed).
	 */
	public static long versionOf(long revision) {
		// revision 0 never is emitted; the first revision of version v is base(v) + 1
		return (revision <= 0) ? 1 : ((revision - 1) >>> VERSION_SHIFT) + 1;
	}

}
