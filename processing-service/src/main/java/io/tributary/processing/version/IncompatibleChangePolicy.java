package io.tributary.processing.version;

/** What processing does on start when a pipeline's definition changed in a way its state cannot follow. */
public enum IncompatibleChangePolicy {

	/** Start the next version of the pipeline with empty state; the old version's results stay stored. */
	NEW_VERSION,

	/** Refuse to start, naming the change, until the operator allows a new version. */
	REFUSE

}
