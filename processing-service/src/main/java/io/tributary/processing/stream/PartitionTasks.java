package io.tributary.processing.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Runs the partitions of one delivery at the same time, each on a virtual thread of its own, and
 * returns when all are done. A partition's state, lock, checkpoint and publish are its own, so what
 * a delivery spends waiting (a Redis round trip per checkpoint, the broker's confirms) overlaps
 * instead of adding up over the partitions it holds. Within a partition nothing changes: its input
 * is applied in order by one task.
 *
 * <p>Every task is waited for, also when the calling thread is interrupted (the interrupt is passed
 * on to the tasks and kept), so a delivery never returns, and is acked or handed back, while one of
 * its partitions is still being applied. When tasks fail, the first failure is thrown with the
 * others suppressed.
 */
final class PartitionTasks {

	private final ThreadFactory threads = Thread.ofVirtual().name("window-partition-", 0).factory();

	private final UnaryOperator<Runnable> context;

	/**
	 * @param context wraps a task so that it runs in the caller's context (the current trace span,
	 *                which the result batches it publishes carry on); called on the calling thread
	 */
	PartitionTasks(UnaryOperator<Runnable> context) {
		this.context = context;
	}

	void runAll(List<Runnable> tasks) {
		if (tasks.size() == 1) {
			tasks.get(0).run();
			return;
		}
		int n = tasks.size();
		CountDownLatch done = new CountDownLatch(n);
		Throwable[] failures = new Throwable[n];
		List<Thread> running = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			int index = i;
			Runnable task = this.context.apply(tasks.get(i));
			running.add(this.threads.newThread(() -> {
				try {
					task.run();
				}
				catch (Throwable ex) {
					failures[index] = ex;
				}
				finally {
					done.countDown();
				}
			}));
		}
		running.forEach(Thread::start);
		boolean interrupted = false;
		while (true) {
			try {
				done.await();
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
				running.forEach(Thread::interrupt);
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		rethrowFirst(failures);
	}

	private static void rethrowFirst(@Nullable Throwable[] failures) {
		Throwable first = null;
		for (Throwable failure : failures) {
			if (failure == null) {
				continue;
			}
			if (first == null) {
				first = failure;
			}
			else {
				first.addSuppressed(failure);
			}
		}
		switch (first) {
			case null -> {
			}
			case RuntimeException ex -> throw ex;
			case Error err -> throw err;
			default -> throw new IllegalStateException(first);
		}
	}

}
