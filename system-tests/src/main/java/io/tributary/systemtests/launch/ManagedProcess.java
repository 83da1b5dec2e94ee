package io.tributary.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * One child process whose output goes to a log file (appended across restarts, each start marked),
 * that can be stopped gracefully (SIGTERM) or killed (SIGKILL). Every process still alive when the
 * JVM exits is killed, so a failed or interrupted test leaves nothing running.
 */
final class ManagedProcess {

	private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly),
				"kill-system-test-processes"));
	}

	private final String name;

	private List<String> command;

	private final Path workDir;

	private final Path logFile;

	private @Nullable Process process;

	private int starts;

	ManagedProcess(String name, List<String> command, Path workDir, Path logFile) {
		this.name = name;
		this.command = List.copyOf(command);
		this.workDir = workDir;
		this.logFile = logFile;
	}

	synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException(this.name + " is already running (pid " + this.process.pid() + ")");
		}
		try {
			Files.createDirectories(this.logFile.getParent());
			Files.createDirectories(this.workDir);
			this.starts++;
			Files.writeString(this.logFile,
					"==== " + this.name + " start #" + this.starts + " at " + Instant.now() + ": "
							+ String.join(" ", this.command) + System.lineSeparator(),
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			Process started = new ProcessBuilder(this.command).directory(this.workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
				.start();
			ALIVE.add(started);
			started.onExit().thenAccept(ALIVE::remove);
			this.process = started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + this.name + ": " + String.join(" ", this.command), ex);
		}
	}

	/** The command of the next start (a restart with other arguments); only while not running. */
	synchronized void command(List<String> command) {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException(this.name + " is running (pid " + this.process.pid() + ")");
		}
		this.command = List.copyOf(command);
	}

	synchronized boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	synchronized long pid() {
		return (this.process != null) ? this.process.pid() : -1;
	}

	/** The exit code of the last run, or empty while it runs or before it was started. */
	synchronized @Nullable Integer exitCode() {
		return (this.process != null && !this.process.isAlive()) ? this.process.exitValue() : null;
	}

	/**
	 * Kills the process with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook,
	 * no graceful shutdown, exactly a crash. Returns the exit code (137 = 128 + SIGKILL).
	 */
	synchronized int kill() {
		Process p = requireStarted();
		p.destroyForcibly();
		return await(p, Duration.ofSeconds(30));
	}

	/** SIGTERM (graceful shutdown), then SIGKILL if it has not exited within the grace period. */
	synchronized int stop(Duration grace) {
		Process p = requireStarted();
		if (!p.isAlive()) {
			return p.exitValue();
		}
		p.destroy();
		try {
			if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				return p.exitValue();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		p.destroyForcibly();
		return await(p, Duration.ofSeconds(30));
	}

	Path logFile() {
		return this.logFile;
	}

	String name() {
		return this.name;
	}

	/** The last lines of the log file (all starts). */
	String logTail(int lines) {
		return tail(this.logFile, lines);
	}

	static String tail(Path file, int lines) {
		if (!Files.exists(file)) {
			return "(no log file " + file + ")";
		}
		Deque<String> last = new ArrayDeque<>();
		try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
			all.forEach((line) -> {
				last.addLast(line);
				if (last.size() > lines) {
					last.removeFirst();
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			return "(cannot read " + file + ": " + ex.getMessage() + ")";
		}
		return String.join(System.lineSeparator(), last);
	}

	private Process requireStarted() {
		if (this.process == null) {
			throw new IllegalStateException(this.name + " was never started");
		}
		return this.process;
	}

	private int await(Process p, Duration timeout) {
		try {
			if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(this.name + " (pid " + p.pid() + ") did not exit within " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this.name + " to exit", ex);
		}
		return p.exitValue();
	}

	private static java.io.File nullDevice() {
		return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

}
