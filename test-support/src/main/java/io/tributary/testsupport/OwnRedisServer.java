package io.tributary.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A redis-server of the test's own on a free port of 127.0.0.1, for tests that stop it, start it again
 * (on the same port, empty: nothing is persisted) or stall it ({@code DEBUG SLEEP}); never the shared
 * one. {@link #close} stops it for good.
 */
public final class OwnRedisServer implements AutoCloseable {

	private final Path dir;

	private final int port;

	private final List<String> extraArguments;

	private @Nullable RedisNodeProcess process;

	private OwnRedisServer(Path dir, int port, List<String> extraArguments) {
		this.dir = dir;
		this.port = port;
		this.extraArguments = List.copyOf(extraArguments);
	}

	/** Starts a server in {@code dir} (its log: {@code redis.log}). */
	public static OwnRedisServer start(Path dir) {
		return start(dir, RedisNodeProcess.freePort(), List.of());
	}

	/** Starts a server in {@code dir} on {@code port}, with more redis-server arguments. */
	static OwnRedisServer start(Path dir, int port, List<String> extraArguments) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		OwnRedisServer server = new OwnRedisServer(dir, port, extraArguments);
		server.startAgain();
		return server;
	}

	public int port() {
		return this.port;
	}

	/** Stops the server (SIGTERM, waiting for it to exit); its port then refuses connections. */
	public void stop() {
		RedisNodeProcess running = this.process;
		if (running != null) {
			running.stop();
			this.process = null;
		}
	}

	/** Kills the server (SIGKILL: no shutdown, exactly a crash) and waits for it to exit. */
	public void kill() {
		RedisNodeProcess running = this.process;
		if (running != null) {
			running.kill();
			this.process = null;
		}
	}

	/** Starts the server again on its port, empty. */
	public void startAgain() {
		List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port",
				String.valueOf(this.port), "--save", "", "--appendonly", "no", "--dir", this.dir.toString(),
				"--enable-debug-command", "local"));
		command.addAll(this.extraArguments);
		this.process = RedisNodeProcess.start(command, this.port, this.dir.resolve("redis.log"));
	}

	/**
	 * Makes the server answer nothing for {@code duration} ({@code DEBUG SLEEP}, sent in the
	 * background): connections stay open, commands wait.
	 */
	public void stall(Duration duration) {
		try {
			new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(this.port), "DEBUG", "SLEEP",
					String.valueOf(duration.toMillis() / 1000.0))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run redis-cli", ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

}
