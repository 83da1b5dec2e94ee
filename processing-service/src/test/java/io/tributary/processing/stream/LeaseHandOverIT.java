package io.tributary.processing.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Event;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.Partitions;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processing instances that both claim every partition (ownership overlapping in time, as in a
 * rescale or a rolling update), on the real RabbitMQ and Redis: the partition leases decide which one
 * may restore and write a partition's state; a lost lease makes the checkpoint fail and the state
 * reload; a released lease hands the latest state over. The windows close only on event time
 * (idle timeout of an hour), and every final result is checked against counts computed here.
 */
class LeaseHandOverIT {

	private static final String PIPELINE = "per-region";

	/** The partition of the key {@code eu}, which every event of these tests has. */
	private static final int EU = Partitions.of(PIPELINE, "eu", 8);

	private final String ns = TestInfrastructure.newNamespace("lease-it");

	private final RedisKeys keys = new RedisKeys(this.ns);

	private ProcessingTestBed bed;

	private Clicks clicks;

	@BeforeEach
	void connect() {
		this.bed = new ProcessingTestBed(this.ns, "src/test/resources/lease-pipelines.yaml", Map.of("u1", "\"eu\"", "u2", "\"eu\""));
		this.clicks = new Clicks(this.bed);
	}

	@AfterEach
	void cleanUp() {
		this.bed.close();
	}

	@Test
	void aSecondInstanceNeitherRestoresNorWritesWhatAnotherHoldsAndTakesOverWithTheLatestStateOnRelease()
			throws Exception {
		ConfigurableApplicationContext a = start();
		Event a1 = event("a1", "u1", 1_000, 5);
		Event a2 = event("a2", "u2", 2_000, 7);
		publish(a1, a2);
		awaitCounted("a1", "a2");

		ConfigurableApplicationContext b = start();
		WindowStage stageA = a.getBean(WindowStage.class);
		WindowStage stageB = b.getBean(WindowStage.class);
		assertThat(stageB.servedPartitions()).hasSize(8);
		assertThat(stageB.heldPartitions()).as("every lease is held by the first instance").isEmpty();
		assertThat(stageA.heldPartitions()).hasSize(8);
		assertThat(this.bed.redis().opsForValue().get(this.ns + ":ckpt:{p" + EU + "}:owner")).isEqualTo(stageA.instanceId());

		// a delivery of the partition to the second instance waits and applies nothing
		CompletableFuture<Void> delivery = CompletableFuture.runAsync(() -> stageB.handle(List.of(keyed("a3", 3_000, 11))));
		Thread.sleep(1500);
		assertThat(delivery).isNotDone();
		assertThat(stageB.heldPartitions()).isEmpty();
		assertThat(counted()).containsOnlyKeys("a1", "a2");

		// the first instance keeps working meanwhile
		Event a4 = event("a4", "u1", 4_000, 13);
		publish(a4);
		awaitCounted("a1", "a2", "a4");

		close(a);

		delivery.get(20, TimeUnit.SECONDS);
		await("the second instance holds every lease", () -> stageB.heldPartitions().size() == 8);
		assertThat(counted()).containsOnlyKeys("a1", "a2", "a3", "a4");
		// a redelivery and a client retry: recognised only if the taken-over state has their ids
		publish(a2);
		publish(retry(a1), event("close", "u1", 15_000, 1));

		WindowResult w0 = awaitFinal(0);
		assertThat(w0.metrics()).containsEntry("n", 4L).containsEntry("total", 5L + 7 + 11 + 13).containsEntry("biggest", 13.0);
		assertThat(w0.counts().events()).isEqualTo(4);
		assertThat(w0.counts().duplicates()).isEqualTo(1);
	}

	@Test
	void aLostLeaseFailsTheCheckpointDropsTheStateAndTheSlotReloadsWhatTheNewOwnerWrote() throws Exception {
		ConfigurableApplicationContext a = start();
		ConfigurableApplicationContext b = start();
		// no ticks: the lease is found lost by the checkpoint itself, not by a refresh
		a.getBean(Ticker.class).stop();
		b.getBean(Ticker.class).stop();
		WindowStage stageA = a.getBean(WindowStage.class);
		WindowStage stageB = b.getBean(WindowStage.class);
		assertThat(stageA.heldPartitions()).contains(EU);
		stageA.handle(List.of(keyed("e1", 1_000, 5), keyed("e2", 2_000, 7)));
		assertThat(counted()).containsOnlyKeys("e1", "e2");

		// a's lease expired unnoticed (a long pause) and b took it
		this.bed.redis().opsForValue().set(this.ns + ":ckpt:{p" + EU + "}:owner", stageB.instanceId(), Duration.ofMinutes(1));
		assertThat(stageB.acquire(EU)).isTrue();

		CompletableFuture<Void> delivery = CompletableFuture.runAsync(() -> stageA.handle(List.of(keyed("e3", 3_000, 11))));
		await("a finds its lease lost at the checkpoint", () -> !stageA.heldPartitions().contains(EU));
		assertThat(a.getBean(MeterRegistry.class).counter("tributary.window.leases.lost").count()).isEqualTo(1.0);
		Thread.sleep(500);
		assertThat(delivery).as("a's batch waits for the lease instead of being written").isNotDone();
		assertThat(counted()).containsOnlyKeys("e1", "e2");

		stageB.handle(List.of(keyed("e4", 4_000, 13)));
		assertThat(counted()).containsOnlyKeys("e1", "e2", "e4");
		stageB.release(EU);
		assertThat(stageB.servedPartitions()).doesNotContain(EU);

		delivery.get(10, TimeUnit.SECONDS);
		assertThat(stageA.heldPartitions()).contains(EU);
		assertThat(counted()).containsOnlyKeys("e1", "e2", "e3", "e4");
		// e2 again (a redelivery), e1 with a new ingest id (a retry), and an event that closes the window
		stageA.handle(List.of(keyed("e2", 2_000, 7), keyedRetry("e1", 1_000, 5), keyed("close", 15_000, 1)));

		WindowResult w0 = awaitFinal(0);
		assertThat(w0.metrics()).as("e4 is in it only if a reloaded what b wrote")
			.containsEntry("n", 4L)
			.containsEntry("total", 5L + 7 + 11 + 13);
		assertThat(w0.counts().duplicates()).isEqualTo(1);
	}

	@Test
	void aStandbyTheBrokerDeliversAPartitionToTakesItsLeaseOverWhenTheHolderDoesNotReleaseIt() throws Exception {
		int owner = EU % 2;
		ConfigurableApplicationContext a = start(owner);
		ConfigurableApplicationContext b = start(1 - owner);
		WindowStage stageA = a.getBean(WindowStage.class);
		WindowStage stageB = b.getBean(WindowStage.class);
		assertThat(stageA.heldPartitions()).contains(EU);
		assertThat(stageB.servedPartitions()).as("a standby serves no partition of another's yet").doesNotContain(EU);
		publish(event("s1", "u1", 1_000, 5), event("s2", "u2", 2_000, 7));
		awaitCounted("s1", "s2");

		// a's consumers are gone (as when killed, or its connection lost) while its lease lives on, and the
		// broker delivers the partition's input to b. b waits for a release first, then takes the lease over
		a.getBean(BindingsLifecycleController.class).stop("window-in-0");
		long started = System.nanoTime();
		CompletableFuture<Void> delivery = CompletableFuture
			.runAsync(() -> stageB.handle(List.of(keyed("s2", 2_000, 7), keyed("s3", 3_000, 11))));
		Thread.sleep(500);
		assertThat(delivery).as("b waits for the holder to release the lease").isNotDone();
		assertThat(stageB.servedPartitions()).contains(EU);
		delivery.get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(stageB.heldPartitions()).contains(EU);
		assertThat(this.bed.redis().opsForValue().get(this.ns + ":ckpt:{p" + EU + "}:owner")).isEqualTo(stageB.instanceId());
		assertThat(counted()).as("b restored what a counted and added s3 once").containsOnlyKeys("s1", "s2", "s3");
		assertThat(b.getBean(MeterRegistry.class).counter("tributary.window.takeovers").count()).isEqualTo(1.0);
		await("a finds its lease lost and drops the state", () -> !stageA.heldPartitions().contains(EU));
		assertThat(a.getBean(MeterRegistry.class).counter("tributary.window.leases.lost").count()).isEqualTo(1.0);

		stageB.handle(List.of(keyed("s4", 4_000, 13), keyed("close", 15_000, 1)));
		WindowResult w0 = awaitFinal(0);
		assertThat(w0.metrics()).containsEntry("n", 4L).containsEntry("total", 5L + 7 + 11 + 13);
		assertThat(w0.counts().duplicates()).as("s2 delivered again is a redelivery, not a client's retry").isZero();

		// a, the owner, waits for its partition (its ticks say so); a second later b hands it back, and a's
		// tick takes the lease b released
		await("b finds the hand-back due", stageB::handBackDue);
		assertThat(stageB.releaseStandby()).containsExactly(EU);
		assertThat(b.getBean(MeterRegistry.class).counter("tributary.window.hand.backs").count()).isEqualTo(1.0);
		assertThat(stageB.servedPartitions()).doesNotContain(EU);
		await("a holds its partition again", () -> stageA.heldPartitions().contains(EU));
		assertThat(this.bed.redis().opsForValue().get(this.ns + ":ckpt:{p" + EU + "}:owner")).isEqualTo(stageA.instanceId());
		assertThat(stageB.handBackDue()).isFalse();
		close(b);
		close(a);
	}

	// --- helpers --------------------------------------------------------------------------------------

	private ConfigurableApplicationContext start() {
		// both claim every partition on purpose: neither may take the other's leases before they expire
		return this.bed.start(Map.of("tributary.processing.take-over-from-earlier-incarnation", "false"));
	}

	/**
	 * Instance {@code index} of two with standby on: it takes a lease over after waiting a second for its
	 * holder and hands it back once the owner waited a second, and its standby consumers never subscribe
	 * (the tests deliver to it themselves).
	 */
	private ConfigurableApplicationContext start(int index) {
		return this.bed.start(Map.of("tributary.processing.instance-index", String.valueOf(index),
				"tributary.processing.instance-count", "2", "tributary.processing.standby.enabled", "true",
				"tributary.processing.standby.take-over-after", "1s", "tributary.processing.standby.subscribe-after",
				"1h", "tributary.processing.standby.hand-back-after", "1s"));
	}

	private void close(ConfigurableApplicationContext context) {
		this.bed.stop(context);
	}

	private Event event(String id, String user, long offsetMillis, long amount) {
		return this.clicks.event(id, user, "click", offsetMillis, amount);
	}

	private static Event retry(Event e) {
		return Clicks.retry(e);
	}

	/** What the route stage makes of {@link #event} for a user in region eu. */
	private byte[] keyed(String id, long offsetMillis, long amount) {
		return keyed(id, "ingest-" + id, offsetMillis, amount);
	}

	private byte[] keyedRetry(String id, long offsetMillis, long amount) {
		return keyed(id, UUID.randomUUID().toString(), offsetMillis, amount);
	}

	private byte[] keyed(String id, String ingestId, long offsetMillis, long amount) {
		KeyedEvent event = new KeyedEvent(PIPELINE, "eu", id, ingestId, this.clicks.t0.plusMillis(offsetMillis),
				Map.of("amount", amount));
		return WireFormat.write(new KeyedBatch(EU, List.of(event)));
	}

	private void publish(Event... events) {
		this.clicks.publish(events);
	}

	/** The event ids counted in the checkpoint of partition EU. */
	private Map<Object, Object> counted() {
		return this.bed.redis().opsForHash().entries(this.keys.checkpointDedup(EU, PIPELINE));
	}

	private void awaitCounted(String... ids) throws InterruptedException {
		await("checkpoint counts " + List.of(ids), () -> counted().keySet().containsAll(List.of(ids)));
		assertThat(counted()).containsOnlyKeys((Object[]) ids);
	}

	private static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waiting until %s", what).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private final Map<Long, WindowResult> finals = new TreeMap<>();

	/** The final result of the window starting {@code offsetMillis} after t0, at its highest revision. */
	private WindowResult awaitFinal(long offsetMillis) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			ResultBatch batch = this.bed.nextResults();
			if (batch != null) {
				for (WindowResult r : batch.results()) {
					long offset = r.windowStart().toEpochMilli() - this.clicks.t0.toEpochMilli();
					WindowResult previous = this.finals.get(offset);
					if (r.isFinal() && (previous == null || previous.revision() < r.revision())) {
						this.finals.put(offset, r);
					}
				}
			}
			else if (this.finals.containsKey(offsetMillis)) {
				return this.finals.get(offsetMillis);
			}
		}
		throw new AssertionError("no final result for the window at t0 + " + offsetMillis + " ms: " + this.finals);
	}

}
