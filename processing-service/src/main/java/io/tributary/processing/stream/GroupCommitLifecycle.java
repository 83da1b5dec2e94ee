package io.tributary.processing.stream;

import org.springframework.context.SmartLifecycle;

/**
 * Turns the window stage's group commit on once the input bindings consume, and off before they stop
 * ({@link #PHASE}): on a graceful stop, what waits for a checkpoint is committed and acknowledged on
 * the channel that delivered it, and every later delivery at once, so nothing already in a
 * checkpoint is delivered again to the next instance (which, after an incompatible pipeline edit,
 * would count it in the new version).
 */
final class GroupCommitLifecycle implements SmartLifecycle {

	/** Starts after and stops before the input bindings ({@code DEFAULT_PHASE - 3000}). */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2000;

	private final WindowStage stage;

	private final GroupCommit groupCommit;

	private volatile boolean running;

	GroupCommitLifecycle(WindowStage stage, GroupCommit groupCommit) {
		this.stage = stage;
		this.groupCommit = groupCommit;
	}

	@Override
	public void start() {
		this.stage.groupCommit(this.groupCommit);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.stage.commitEachDelivery();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
