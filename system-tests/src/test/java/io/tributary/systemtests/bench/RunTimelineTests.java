package io.tributary.systemtests.bench;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunTimelineTests {

	private static final long ORIGIN = 1_764_700_000_250L;

	@Test
	void countsAcceptedEventsInTheSecondOfTheLoadTheyWereAcceptedIn() {
		AcceptedPerSecond accepted = new AcceptedPerSecond(ORIGIN);
		accepted.add(ORIGIN, 100);
		accepted.add(ORIGIN + 999, 50);
		accepted.add(ORIGIN + 1_000, 7);
		accepted.add(ORIGIN + 2_999, 3);

		RunTimeline run = RunTimeline.of(accepted, ORIGIN + 1_500, ORIGIN + 3_400, List.of());

		assertThat(run.seconds()).extracting(RunTimeline.Second::accepted).containsExactly(150L, 7L, 3L);
		assertThat(run.loadSeconds()).isEqualTo(3);
		assertThat(run.warmupEndSeconds()).isEqualTo(1.5);
	}

	@Test
	void groupsFinalResultsByTheSecondTheyArrivedInAndExtendsTheRunToTheLastOne() {
		AcceptedPerSecond accepted = new AcceptedPerSecond(ORIGIN);
		List<RunTimeline.Final> finals = new ArrayList<>();
		// second 1: latencies 1..100 ms (p50 50, p99 99); second 4 (after the load): one of 700 ms
		for (long latency = 100; latency >= 1; latency--) {
			finals.add(new RunTimeline.Final(ORIGIN + 1_000 + latency, latency));
		}
		finals.add(new RunTimeline.Final(ORIGIN + 4_999, 700));
		finals.add(new RunTimeline.Final(ORIGIN - 1, 5));

		RunTimeline run = RunTimeline.of(accepted, ORIGIN, ORIGIN + 2_000, finals);

		assertThat(run.seconds()).hasSize(5);
		assertThat(run.loadSeconds()).isEqualTo(2);
		assertThat(run.seconds().get(0).latency().count()).isZero();
		assertThat(run.seconds().get(1).latency()).isEqualTo(new Percentiles(100, 50, 95, 99, 100));
		assertThat(run.seconds().get(2).latency().count()).isZero();
		assertThat(run.seconds().get(4).latency()).isEqualTo(new Percentiles(1, 700, 700, 700, 700));
	}

	@Test
	void countsEveryEventThatConcurrentSendersAdd() throws InterruptedException {
		AcceptedPerSecond accepted = new AcceptedPerSecond(ORIGIN);
		List<Thread> senders = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			senders.add(Thread.ofPlatform().start(() -> {
				for (int i = 0; i < 10_000; i++) {
					accepted.add(ORIGIN + (i % 3) * 1_000, 2);
				}
			}));
		}
		for (Thread t : senders) {
			t.join();
		}

		// per sender: 3,334 batches in second 0 and 3,333 in seconds 1 and 2, 2 events each
		assertThat(accepted.in(0)).isEqualTo(4 * 3_334 * 2);
		assertThat(accepted.in(1)).isEqualTo(4 * 3_333 * 2);
		assertThat(accepted.in(2)).isEqualTo(4 * 3_333 * 2);
		assertThat(accepted.in(3)).isZero();
	}

	@Test
	void aRunInPhasesKnowsEachPhaseAndTheKillInSecondsSinceTheLoadStarted() {
		AcceptedPerSecond accepted = new AcceptedPerSecond(ORIGIN);
		LoadDriver.Counters none = new LoadDriver.Counters(0, 0, 0, 0, 0, 0);
		PhaseRunner.Phase max = new PhaseRunner.Phase(PhaseRate.MAX, 0, ORIGIN, ORIGIN + 10_000, ORIGIN + 40_000, none,
				null);
		PhaseRunner.Phase recovery = new PhaseRunner.Phase(PhaseRate.percent(50), 5_000, ORIGIN + 40_000, ORIGIN + 45_500,
				ORIGIN + 100_250, none, new PhaseRunner.Kill(ORIGIN + 55_500, ORIGIN + 71_750));

		RunTimeline run = RunTimeline.of(accepted, ORIGIN + 10_000, ORIGIN + 100_300, List.of())
			.withPhases(List.of(max, recovery), ORIGIN);

		assertThat(run.phases()).containsExactly(new RunTimeline.Span("max", 0, 10, 40),
				new RunTimeline.Span("50% + kill -9", 40, 45.5, 100.25));
		assertThat(run.marks()).containsExactly(new RunTimeline.Mark("kill -9", 55.5, true),
				new RunTimeline.Mark("ready", 71.75, false));
		assertThat(run.loadSeconds()).isEqualTo(100);
	}

}
