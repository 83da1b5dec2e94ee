package io.tributary.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Redis Cluster of the test's own: six {@code redis-server} processes on free ports of 127.0.0.1
 * (three masters, one replica each; nothing persisted), each in its own directory under a temporary
 * one, joined by {@code redis-cli --cluster create}. {@link #start} returns once every node reports
 * {@code cluster_state:ok}; {@link #close} stops the processes and deletes the directories.
 */
public final class OwnRedisCluster implements AutoCloseable {

	private static final int NODES = 6;

	/** A node's cluster bus listens on its port plus this. */
	private static final int BUS_OFFSET = 10000;

	private final Path dir;

	private final List<OwnRedisServer> servers = new ArrayList<>();

	private OwnRedisCluster(Path dir) {
		this.dir = dir;
	}

	/** Starts six nodes and creates the cluster; fails (leaving nothing running) when it cannot. */
	public static OwnRedisCluster start() {
		OwnRedisCluster cluster;
		try {
			cluster = new OwnRedisCluster(Files.createTempDirectory("tributary-redis-cluster"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			cluster.create();
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	private void create() {
		List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		for (int i = 0; i < NODES; i++) {
			int port = freePortWithFreeBus();
			this.servers.add(OwnRedisServer.start(this.dir.resolve("node-" + port), port,
					List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
							"--cluster-node-timeout", "5000")));
			command.add("127.0.0.1:" + port);
		}
		command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
		String output = run(command, Duration.ofSeconds(60));
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!this.servers.stream().allMatch((server) -> clusterInfo(server.port()).contains("cluster_state:ok"))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the Redis Cluster did not reach cluster_state:ok; redis-cli said: "
						+ output + "; logs under " + this.dir);
			}
			sleep(Duration.ofMillis(200));
		}
		// cluster_state:ok says every slot has a master; a replica may still be syncing: wait until each
		// replica's link to its master is up, so that replicas are listed and a failover can take place
		while (this.servers.stream().filter((server) -> replication(server.port()).contains("role:slave"))
			.filter((server) -> replication(server.port()).contains("master_link_status:up"))
			.count() < NODES / 2) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the Redis Cluster's replicas did not sync with their masters; logs under "
						+ this.dir);
			}
			sleep(Duration.ofMillis(200));
		}
	}

	private String replication(int port) {
		return run(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port), "INFO", "replication"),
				Duration.ofSeconds(10));
	}

	/** The ports of the six nodes (masters and replicas), all on 127.0.0.1. */
	public List<Integer> ports() {
		return this.servers.stream().map(OwnRedisServer::port).toList();
	}

	/** The nodes as {@code 127.0.0.1:port}, as a cluster client's seed list. */
	public List<String> nodes() {
		return ports().stream().map((port) -> "127.0.0.1:" + port).toList();
	}

	/** {@code CLUSTER INFO} of one node, as redis-cli prints it. */
	public String clusterInfo(int port) {
		return run(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port), "CLUSTER", "INFO"),
				Duration.ofSeconds(10));
	}

	/**
	 * Fails a master over to its replica on {@code replicaPort} ({@code CLUSTER FAILOVER} on the
	 * replica: the manual, lossless kind) and waits until that node is a master and every node reports
	 * {@code cluster_state:ok}.
	 */
	public void failOver(int replicaPort) {
		run(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(replicaPort), "CLUSTER", "FAILOVER"),
				Duration.ofSeconds(10));
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!run(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(replicaPort), "ROLE"),
				Duration.ofSeconds(10)).startsWith("master")
				|| !this.servers.stream().allMatch((server) -> clusterInfo(server.port()).contains("cluster_state:ok"))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the node on port " + replicaPort + " did not become a master");
			}
			sleep(Duration.ofMillis(200));
		}
	}

	@Override
	public void close() {
		this.servers.forEach(OwnRedisServer::stop);
		this.servers.clear();
		try (Stream<Path> files = Files.walk(this.dir)) {
			for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete " + this.dir, ex);
		}
	}

	private static String run(List<String> command, Duration timeout) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within " + timeout);
			}
			String text = new String(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command + " exited with " + process.exitValue() + ": " + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A free port whose cluster bus port (plus {@value #BUS_OFFSET}) is free too. */
	private static int freePortWithFreeBus() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = freePort(0);
			if (port + BUS_OFFSET <= 65535 && freePort(port + BUS_OFFSET) > 0) {
				return port;
			}
		}
		throw new IllegalStateException("no free port with a free cluster bus port after 100 attempts");
	}

	/** Binds {@code port} (0: any) and returns the port bound, or -1 when it is taken. */
	private static int freePort(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
