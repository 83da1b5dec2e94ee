package io.tributary.processing.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionTasksTests {

	private final PartitionTasks tasks = new PartitionTasks(UnaryOperator.identity());

	@Test
	void theTasksRunAtTheSameTime() {
		// each task waits for all the others: only tasks running together can pass the barrier
		CyclicBarrier barrier = new CyclicBarrier(8);
		AtomicInteger passed = new AtomicInteger();
		List<Runnable> work = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			work.add(() -> {
				await(barrier);
				passed.incrementAndGet();
			});
		}
		this.tasks.runAll(work);
		assertThat(passed).hasValue(8);
	}

	@Test
	void aSingleTaskRunsOnTheCallingThread() {
		Thread caller = Thread.currentThread();
		AtomicBoolean onCaller = new AtomicBoolean();
		this.tasks.runAll(List.of(() -> onCaller.set(Thread.currentThread() == caller)));
		assertThat(onCaller).isTrue();
	}

	@Test
	void aFailureIsThrownOnlyOnceEveryTaskIsDoneAndCarriesTheOthers() {
		AtomicBoolean slowFinished = new AtomicBoolean();
		List<Runnable> work = List.of(() -> {
			throw new IllegalStateException("first");
		}, () -> {
			sleep(200);
			slowFinished.set(true);
		}, () -> {
			throw new IllegalArgumentException("second");
		});
		assertThatThrownBy(() -> this.tasks.runAll(work)).satisfies((ex) -> {
			assertThat(slowFinished).as("the slow task finished before runAll returned").isTrue();
			assertThat(ex).isInstanceOfAny(IllegalStateException.class, IllegalArgumentException.class);
			assertThat(ex.getSuppressed()).hasSize(1);
		});
	}

	@Test
	void anInterruptReachesTheTasksWhichAreStillWaitedFor() throws Exception {
		CountDownLatch started = new CountDownLatch(2);
		AtomicInteger interruptedTasks = new AtomicInteger();
		AtomicInteger finished = new AtomicInteger();
		AtomicBoolean callerKeptInterrupt = new AtomicBoolean();
		Runnable task = () -> {
			started.countDown();
			try {
				Thread.sleep(30_000);
			}
			catch (InterruptedException ex) {
				interruptedTasks.incrementAndGet();
				sleep(100);
			}
			finished.incrementAndGet();
		};
		Thread caller = Thread.ofPlatform().start(() -> {
			this.tasks.runAll(List.of(task, task));
			callerKeptInterrupt.set(Thread.currentThread().isInterrupted());
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		caller.interrupt();
		caller.join(10_000);
		assertThat(caller.isAlive()).isFalse();
		assertThat(interruptedTasks).hasValue(2);
		assertThat(finished).as("both tasks done before runAll returned").hasValue(2);
		assertThat(callerKeptInterrupt).isTrue();
	}

	@Test
	void eachTaskIsWrappedInTheCallersContext() {
		ThreadLocal<String> context = new ThreadLocal<>();
		context.set("delivery-span");
		List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
		PartitionTasks carrying = new PartitionTasks((task) -> {
			String captured = context.get();
			return () -> {
				context.set(captured);
				task.run();
			};
		});
		carrying.runAll(List.of(() -> seen.add(context.get()), () -> seen.add(context.get())));
		assertThat(seen).containsExactly("delivery-span", "delivery-span");
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException | BrokenBarrierException | TimeoutException ex) {
			throw new IllegalStateException("the tasks did not run together", ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
