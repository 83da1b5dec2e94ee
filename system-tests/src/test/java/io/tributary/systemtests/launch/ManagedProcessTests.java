package io.tributary.systemtests.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What the launcher's kill, stop, freeze and thaw send, checked on real child processes. */
class ManagedProcessTests {

	// SIG_IGN survives exec: this sleep ignores SIGTERM, only SIGKILL ends it
	private static final List<String> IGNORES_SIGTERM = List.of("/bin/sh", "-c",
			"trap '' TERM; printf 'up%s\\n' now; exec sleep 60");

	// what the process prints once it runs; not in its command line, which the log's start marker repeats
	private static final String RUNNING = "upnow";

	@Test
	void killSendsSigkillWhichNoProcessCanIgnore(@TempDir Path dir) {
		ManagedProcess p = new ManagedProcess("stubborn", IGNORES_SIGTERM, dir, dir.resolve("stubborn.log"));
		p.start();
		awaitLog(p, RUNNING);

		long t0 = System.nanoTime();
		int exit = p.kill();

		assertThat(exit).isEqualTo(128 + 9);
		assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
		assertThat(p.isAlive()).isFalse();
	}

	@Test
	void stopSendsSigtermAndKillsWhatIgnoresItAfterTheGracePeriod(@TempDir Path dir) {
		ManagedProcess p = new ManagedProcess("stubborn", IGNORES_SIGTERM, dir, dir.resolve("stubborn.log"));
		p.start();
		awaitLog(p, RUNNING);

		long t0 = System.nanoTime();
		int exit = p.stop(Duration.ofSeconds(1));

		assertThat(exit).isEqualTo(128 + 9);
		assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void stopEndsAProcessThatHonoursSigterm(@TempDir Path dir) {
		ManagedProcess p = new ManagedProcess("polite", List.of("/bin/sh", "-c", "printf 'up%s\\n' now; exec sleep 60"), dir,
				dir.resolve("polite.log"));
		p.start();
		awaitLog(p, RUNNING);

		assertThat(p.stop(Duration.ofSeconds(10))).isEqualTo(128 + 15);
	}

	@Test
	void logsAccumulateAcrossStartsAndTheTailIsTheEnd(@TempDir Path dir) throws Exception {
		ManagedProcess p = new ManagedProcess("echo", List.of("/bin/sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done"),
				dir, dir.resolve("echo.log"));
		p.start();
		awaitExit(p);
		p.start();
		awaitExit(p);

		assertThat(Files.readString(dir.resolve("echo.log"))).contains("==== echo start #1", "==== echo start #2");
		assertThat(p.logTail(2)).isEqualTo("line4" + System.lineSeparator() + "line5");
		assertThat(p.exitCode()).isZero();
	}

	@Test
	void freezeStopsEveryThreadUntilThawAndKillStillEndsAFrozenProcess(@TempDir Path dir) throws Exception {
		ManagedProcess p = new ManagedProcess("ticking", List.of("/bin/sh", "-c",
				"printf 'up%s\\n' now; while :; do echo tick; sleep 0.05; done"), dir, dir.resolve("ticking.log"));
		p.start();
		awaitLog(p, RUNNING);

		p.freeze();
		assertThat(p.isFrozen()).isTrue();
		assertThat(p.isAlive()).isTrue();
		long sizeWhenFrozen = Files.size(p.logFile());
		Thread.sleep(500);
		assertThat(Files.size(p.logFile())).as("a frozen process writes nothing").isEqualTo(sizeWhenFrozen);

		p.thaw();
		assertThat(p.isFrozen()).isFalse();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (Files.size(p.logFile()) == sizeWhenFrozen) {
			assertThat(System.nanoTime()).as("the thawed process writes again").isLessThan(deadline);
			sleep();
		}

		p.freeze();
		assertThat(p.kill()).isEqualTo(128 + 9);
		assertThat(p.isFrozen()).isFalse();
	}

	private static void awaitLog(ManagedProcess p, String text) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!p.logTail(5).contains(text)) {
			assertThat(System.nanoTime()).as("%s never logged '%s'", p.name(), text).isLessThan(deadline);
			sleep();
		}
	}

	private static void awaitExit(ManagedProcess p) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (p.isAlive()) {
			assertThat(System.nanoTime()).isLessThan(deadline);
			sleep();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
