package io.tributary.processing.checkpoint;

import org.jspecify.annotations.Nullable;

/**
 * A checkpoint was refused because this instance no longer holds the partition's lease: another
 * instance may own the partition now, so the in-memory state must be dropped, not written.
 */
public class LeaseLostException extends IllegalStateException {

	private final int partition;

	private final @Nullable String owner;

	public LeaseLostException(int partition, @Nullable String owner, String detail) {
		super("Lease of partition " + partition + " lost (" + detail + "; held by "
				+ ((owner != null) ? owner : "nobody") + "): checkpoint not written");
		this.partition = partition;
		this.owner = owner;
	}

	public int partition() {
		return this.partition;
	}

	/** The holder seen when the checkpoint was refused, if any. */
	public @Nullable String owner() {
		return this.owner;
	}

}
