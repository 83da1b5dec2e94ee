package io.tributary.support.schedule;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FixedDelayLoopsTests {

	@Test
	void runsEachLoopOnItsOwnThreadUntilStoppedAndNamesThreadsAfreshOnARestart() throws Exception {
		FixedDelayLoops loops = new FixedDelayLoops(Thread.ofPlatform().name("loop-", 0).daemon());
		assertThat(loops.isRunning()).isFalse();
		for (int round = 0; round < 2; round++) {
			Set<String> threads = ConcurrentHashMap.newKeySet();
			CountDownLatch fast = new CountDownLatch(3);
			CountDownLatch slow = new CountDownLatch(1);
			AtomicInteger runs = new AtomicInteger();
			loops.start(new FixedDelayLoops.Loop(Duration.ofMillis(10), () -> {
				threads.add(Thread.currentThread().getName());
				runs.incrementAndGet();
				fast.countDown();
			}), new FixedDelayLoops.Loop(Duration.ofMillis(30), () -> {
				threads.add(Thread.currentThread().getName());
				slow.countDown();
			}));
			assertThat(loops.isRunning()).isTrue();
			assertThat(fast.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(slow.await(5, TimeUnit.SECONDS)).isTrue();

			loops.stop();
			assertThat(loops.isRunning()).isFalse();
			int afterStop = runs.get();
			Thread.sleep(100);
			assertThat(runs.get()).as("runs after stop").isEqualTo(afterStop);
			assertThat(threads).as("threads, named from 0 again on a restart").isNotEmpty().isSubsetOf("loop-0", "loop-1");
		}
	}

}
