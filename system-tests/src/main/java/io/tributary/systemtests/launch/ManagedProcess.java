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
 * that can be stopped gracefully (SIGTERM), killed (SIGKILL), or frozen (SIGSTOP) and thawed
 * (SIGCONT). Every process still alive when the JVM exits is killed, so a failed or interrupted test
 * leaves nothing running (SIGKILL ends a frozen process too).
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

	/**
	 * Freezes the process with SIGSTOP, as a long GC pause, a VM migration or a throttled container
	 * would: it keeps its sockets, leases and state but runs no thread until {@link #thaw()}. Java
	 * has no API for it, so {@code /bin/kill -STOP} sends it; returns once the kernel reports the
	 * process stopped.
	 */
	synchronized void freeze() {
		Process p = requireRunning();
		signal(p, "-STOP");
		awaitState(p, true);
	}

	/** Lets a frozen process run again (SIGCONT); returns once the kernel reports it no longer stopped. */
	synchronized void thaw() {
		Process p = requireRunning();
		signal(p, "-CONT");
		awaitState(p, false);
	}

	/** Whether the process is stopped by a signal now (state {@code T} in {@code /proc/<pid>/stat}). */
	synchronized boolean isFrozen() {
		return this.process != null && this.process.isAlive() && stopped(this.process.pid());
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

	private Process requireRunning() {
		Process p = requireStarted();
		if (!p.isAlive()) {
			throw new IllegalStateException(this.name + " is not running (exit code " + p.exitValue() + ")");
		}
		return p;
	}

	private void signal(Process p, String signal) {
		try {
			Process kill = new ProcessBuilder("/bin/kill", signal, Long.toString(p.pid())).redirectErrorStream(true)
				.start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill " + signal + " " + p.pid() + " (" + this.name + ") failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run /bin/kill " + signal + " for " + this.name, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling " + this.name, ex);
		}
	}

	/** Waits until the kernel reports the process stopped (or no longer stopped). */
	private void awaitState(Process p, boolean frozen) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (stopped(p.pid()) != frozen) {
			if (!p.isAlive()) {
				throw new IllegalStateException(this.name + " exited (code " + p.exitValue() + ")");
			}
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException(this.name + " (pid " + p.pid() + ") is " + (frozen ? "not" : "still")
						+ " stopped after 10 s");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
			}
		}
	}

	/** State {@code T} (stopped by a signal) in {@code /proc/<pid>/stat}: the field after the parenthesised name. */
	private static boolean stopped(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
			String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip();
			return afterName.startsWith("T");
		}
		catch (IOException ex) {
			return false;
		}
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

	static java.io.File nullDevice() {
		return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

}
