package io.tributary.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One redis-server process of a test's own (a data node or a sentinel) on a port of 127.0.0.1, its
 * output appended to a log file: started until it answers there, then stopped or killed.
 */
final class RedisNodeProcess {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final Process process;

	private RedisNodeProcess(Process process) {
		this.process = process;
	}

	/**
	 * Runs {@code command} (a redis-server command line that makes it listen on {@code port}) and waits
	 * until the port answers; fails, leaving nothing running, when the process exits or does not answer
	 * in time.
	 */
	static RedisNodeProcess start(List<String> command, int port, Path log) {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start redis-server", ex);
		}
		RedisNodeProcess node = new RedisNodeProcess(process);
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!TestInfrastructure.answers("127.0.0.1", port)) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				node.stop();
				throw new IllegalStateException("redis-server did not start on port " + port + "; see " + log);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				node.kill();
				throw new IllegalStateException(ex);
			}
		}
		return node;
	}

	/** Stops the process (SIGTERM, waiting for it to exit; SIGKILL when it does not within 30 s). */
	void stop() {
		this.process.destroy();
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

	/** Kills the process (SIGKILL: no shutdown, exactly a crash) and waits for it to exit. */
	void kill() {
		try {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A port of 127.0.0.1 that was free a moment ago. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
