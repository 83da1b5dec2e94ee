package io.tributary.systemtests.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What the launcher's kill and stop send, checked on a process that ignores SIGTERM. */
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
