package io.tributary.systemtests.launch;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where the system tests run their blocking background work (a feed, waiting for an instance to be
 * ready, stopping one): a virtual thread each. Never {@code ForkJoinPool.commonPool()}, the default
 * of {@code CompletableFuture.*Async}: it has a single thread on a 2-core machine and is shared by
 * the test classes that run side by side, so one class's wait for its services held up another
 * class's feed.
 */
public final class BackgroundWork {

	/** One virtual thread per task; lives as long as the test JVM. */
	public static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

	private BackgroundWork() {
	}

}
