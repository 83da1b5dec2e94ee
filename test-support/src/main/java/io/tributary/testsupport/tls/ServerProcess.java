package io.tributary.testsupport.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.tributary.testsupport.TestInfrastructure;

/**
 * A server process a test starts and stops itself: its output goes to a log file, start-up waits until
 * its port answers (or the process dies, with the log's end in the failure), and stopping ends the
 * process and the processes it started (a script's server), politely first.
 */
final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private ServerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	static ServerProcess start(List<String> command, Map<String, String> environment, Path log, int port,
			Duration timeout, String what) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + what + " (" + command.getFirst() + "): " + ex.getMessage(),
					ex);
		}
		ServerProcess server = new ServerProcess(process, log);
		server.await(() -> TestInfrastructure.answers("127.0.0.1", port), timeout, what + " on port " + port);
		return server;
	}

	/** Waits until the condition holds; fails with the log's end when the process exits or time is up. */
	void await(BooleanSupplier condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (!this.process.isAlive() || System.nanoTime() > deadline) {
				String state = this.process.isAlive() ? "did not start within " + timeout
						: "exited with " + this.process.exitValue();
				close();
				throw new IllegalStateException(what + " " + state + ":\n" + logTail());
			}
			sleep(100);
		}
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		List<ProcessHandle> children = this.process.descendants().toList();
		children.forEach(ProcessHandle::destroy);
		this.process.destroy();
		for (ProcessHandle p : children) {
			p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join();
			p.destroyForcibly();
		}
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** Runs a short command in {@code dir} and fails with its output unless it succeeds. */
	static void runToCompletion(List<String> command, Path dir, String what) {
		try {
			Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
				throw new IllegalStateException(what + " failed: " + String.join(" ", command) + "\n" + out);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(what + " cannot be run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A port nothing listens on now (another process may take it before the server binds it). */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
