package io.tributary.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

	/** Longer than Redis's own limit on a manual failover (5 s), after which it gave up on it. */
	private static final Duration MANUAL_FAILOVER_RETRY = Duration.ofSeconds(7);

	private final Path dir;

	private final List<OwnRedisServer> servers = new ArrayList<>();

	/** Ports of the nodes {@link #kill killed}. */
	private final Set<Integer> killed = new HashSet<>();

	private OwnRedisCluster(Path dir) {
		this.dir = dir;
	}

	/** Starts six nodes and creates the cluster; fails (leaving nothing running) when it cannot. */
	public static OwnRedisCluster start() {
		OwnRedisCluster cluster = new OwnRedisCluster(ScratchDirectory.create("tributary-redis-cluster"));
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
		String output = RedisCli.run(command, Duration.ofSeconds(60));
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
		return RedisCli.at(port, "INFO", "replication");
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
		return RedisCli.at(port, "CLUSTER", "INFO");
	}

	/**
	 * Fails a master over to its replica on {@code replicaPort} ({@code CLUSTER FAILOVER} on the
	 * replica: the manual, lossless kind) and waits until that node is a master and every node reports
	 * {@code cluster_state:ok}. Redis gives a manual failover 5 s to complete and then drops it silently
	 * (on a busy machine the master may not answer in time), so while the node is still a replica the
	 * request is made again every {@link #MANUAL_FAILOVER_RETRY}.
	 */
	public void failOver(int replicaPort) {
		RedisCli.at(replicaPort, "CLUSTER", "FAILOVER");
		long asked = System.nanoTime();
		long deadline = asked + Duration.ofSeconds(60).toNanos();
		while (!RedisCli.at(replicaPort, "ROLE").startsWith("master")
				|| !this.servers.stream().allMatch((server) -> clusterInfo(server.port()).contains("cluster_state:ok"))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the node on port " + replicaPort + " did not become a master");
			}
			if (System.nanoTime() - asked > MANUAL_FAILOVER_RETRY.toNanos()
					&& RedisCli.at(replicaPort, "ROLE").startsWith("slave")) {
				RedisCli.at(replicaPort, "CLUSTER", "FAILOVER");
				asked = System.nanoTime();
			}
			sleep(Duration.ofMillis(200));
		}
	}


	/** The port of the master that serves {@code key}'s hash slot now ({@code CLUSTER KEYSLOT}, {@code CLUSTER NODES}). */
	public int masterPortOf(String key) {
		int port = anyLivePort();
		int slot = Integer.parseInt(RedisCli.at(port, "CLUSTER",
				"KEYSLOT", key).trim());
		String nodes = RedisCli.at(port, "CLUSTER", "NODES");
		for (String line : nodes.split("\n")) {
			// <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...
			String[] fields = line.trim().split(" ");
			if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				if (fields[i].startsWith("[")) {
					continue;
				}
				String[] range = fields[i].split("-");
				int from = Integer.parseInt(range[0]);
				int to = Integer.parseInt(range[range.length - 1]);
				if (from <= slot && slot <= to) {
					String address = fields[1].substring(0, fields[1].indexOf('@'));
					return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
				}
			}
		}
		throw new IllegalStateException("no live master serves slot " + slot + " of " + key + ": " + nodes);
	}

	/**
	 * Kills the node on {@code port} (SIGKILL: a crash, whatever its replica had not received yet is
	 * lost) and, when it was a master, waits until its replica has taken over (after the cluster node
	 * timeout) and the surviving nodes report {@code cluster_state:ok}. The node stays down until
	 * {@link #restart}.
	 */
	public void kill(int port) {
		OwnRedisServer victim = this.servers.stream()
			.filter((server) -> server.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no node on port " + port));
		victim.kill();
		this.killed.add(port);
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		// every node still believes in the victim until the node timeout has passed: wait until each has
		// flagged it failed, and reports every slot served again (by the promoted replica)
		while (!live().allMatch((server) -> seesFailed(server.port(), port)
				&& clusterInfo(server.port()).contains("cluster_state:ok"))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the cluster did not recover from losing the node on port " + port
						+ "; logs under " + this.dir);
			}
			sleep(Duration.ofMillis(200));
		}
	}

	/**
	 * Starts a {@link #kill killed} node again on its port and directory, as a supervisor restarts a
	 * crashed server: it keeps its node id ({@code nodes.conf}), comes back empty (nothing is persisted)
	 * and rejoins as a replica of the master that replaced it. Waits until it has synced with that master.
	 */
	public void restart(int port) {
		OwnRedisServer node = this.servers.stream()
			.filter((server) -> server.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no node on port " + port));
		if (!this.killed.remove(port)) {
			throw new IllegalStateException("the node on port " + port + " is running");
		}
		node.startAgain();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (!(replication(port).contains("role:slave") && replication(port).contains("master_link_status:up"))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the node on port " + port + " did not rejoin as a synced replica; logs under "
						+ this.dir);
			}
			sleep(Duration.ofMillis(200));
		}
	}

	/** Whether the node on {@code port} flags the node on {@code failedPort} as failed (FAIL, not PFAIL). */
	private boolean seesFailed(int port, int failedPort) {
		String nodes = RedisCli.at(port, "CLUSTER", "NODES");
		for (String line : nodes.split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length > 2 && fields[1].startsWith("127.0.0.1:" + failedPort + "@")) {
				return List.of(fields[2].split(",")).contains("fail");
			}
		}
		return false;
	}

	private Stream<OwnRedisServer> live() {
		return this.servers.stream().filter((server) -> !this.killed.contains(server.port()));
	}

	private int anyLivePort() {
		return live().findFirst().orElseThrow(() -> new IllegalStateException("no live node")).port();
	}

	@Override
	public void close() {
		this.servers.forEach(OwnRedisServer::stop);
		this.servers.clear();
		ScratchDirectory.delete(this.dir);
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
