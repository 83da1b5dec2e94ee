package io.tributary.testsupport.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A plain redis-server of the test's own on a free port, for fault drills: it can be stalled
 * ({@code DEBUG SLEEP}), killed and started again on the same port and directory (with AOF on,
 * {@code appendfsync always}, nothing acknowledged is lost). Never the shared server.
 */
public final class DrillRedisServer implements AutoCloseable {

	private final Path dir;

	private final int port;

	private final boolean aof;

	private @Nullable ServerProcess process;

	private final List<Process> stalls = new ArrayList<>();

	private DrillRedisServer(Path dir, int port, boolean aof) {
		this.dir = dir;
		this.port = port;
		this.aof = aof;
	}

	/** Starts the server in {@code dir} (its log: {@code redis.log}); with {@code aof}, every write is fsynced. */
	public static DrillRedisServer start(Path dir, boolean aof) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		DrillRedisServer server = new DrillRedisServer(dir, ServerProcess.freePort(), aof);
		server.startProcess();
		return server;
	}

	private void startProcess() {
		List<String> command = List.of("redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(this.port),
				"--save", "", "--appendonly", this.aof ? "yes" : "no", "--appendfsync", "always",
				"--enable-debug-command", "local", "--dir", this.dir.toString());
		this.process = ServerProcess.start(command, Map.of(), this.dir.resolve("redis.log"), this.port,
				Duration.ofSeconds(20), "redis-server for a drill");
	}

	public int port() {
		return this.port;
	}

	/** Makes the server sleep for {@code duration} ({@code DEBUG SLEEP}), starting now; returns at once. */
	public void stall(Duration duration) {
		try {
			this.stalls.add(new ProcessBuilder("redis-cli", "-p", String.valueOf(this.port), "DEBUG", "SLEEP",
					String.valueOf(duration.toMillis() / 1000.0)).redirectErrorStream(true)
				.redirectOutput(this.dir.resolve("stall.log").toFile())
				.start());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run redis-cli: " + ex.getMessage(), ex);
		}
	}

	/** Stops the server (SIGTERM); {@link #restart} brings it back with what its AOF holds. */
	public void kill() {
		if (this.process != null) {
			this.process.close();
			this.process = null;
		}
	}

	/** Starts the server again on the same port and directory. */
	public void restart() {
		kill();
		startProcess();
	}

	@Override
	public void close() {
		this.stalls.forEach(Process::destroy);
		kill();
	}

}
