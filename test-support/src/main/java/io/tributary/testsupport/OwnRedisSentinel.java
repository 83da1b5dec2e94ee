package io.tributary.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Redis with Sentinel of the test's own, on free ports of 127.0.0.1: one master, one replica and three
 * sentinels monitoring them as {@value #MASTER_NAME} (quorum two), each in its own directory under a
 * temporary one, nothing persisted. A master that does not answer for {@link #DOWN_AFTER} is failed
 * over to the replica, so a test can {@link #killMaster kill the master} and see the replica promoted
 * within seconds. {@link #start} returns once the replica is in sync and every sentinel knows the
 * replica and the other two sentinels; {@link #close} stops the processes and deletes the directories.
 */
public final class OwnRedisSentinel implements AutoCloseable {

	/** The name the sentinels monitor the master by ({@code spring.data.redis.sentinel.master}). */
	public static final String MASTER_NAME = "tributary";

	/** How long a master may not answer before a sentinel considers it down. */
	public static final Duration DOWN_AFTER = Duration.ofSeconds(2);

	private static final int SENTINELS = 3;

	private static final int QUORUM = 2;

	private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(6);

	private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

	private final Path dir;

	/** The data nodes by port: the first master and its replica, and any started again later. */
	private final Map<Integer, OwnRedisServer> servers = new LinkedHashMap<>();

	private final Map<Integer, RedisNodeProcess> sentinels = new LinkedHashMap<>();

	private OwnRedisSentinel(Path dir) {
		this.dir = dir;
	}

	/** Starts master, replica and sentinels; fails (leaving nothing running) when it cannot. */
	public static OwnRedisSentinel start() {
		OwnRedisSentinel sentinel = new OwnRedisSentinel(ScratchDirectory.create("tributary-redis-sentinel"));
		try {
			sentinel.create();
			return sentinel;
		}
		catch (RuntimeException ex) {
			sentinel.close();
			throw ex;
		}
	}

	private void create() {
		int master = RedisNodeProcess.freePort();
		startDataNode(master, List.of());
		int replica = RedisNodeProcess.freePort();
		startDataNode(replica, List.of("--replicaof", "127.0.0.1", String.valueOf(master)));
		awaitReplicaInSync(replica);
		for (int i = 0; i < SENTINELS; i++) {
			startSentinel(RedisNodeProcess.freePort(), master);
		}
		awaitSentinelsSettled(master, 1);
	}

	private void startDataNode(int port, List<String> arguments) {
		this.servers.put(port, OwnRedisServer.start(this.dir.resolve("redis-" + port), port, arguments));
	}

	private void startSentinel(int port, int masterPort) {
		Path home = this.dir.resolve("sentinel-" + port);
		Path config = home.resolve("sentinel.conf");
		try {
			Files.createDirectories(home);
			// the sentinel rewrites this file with what it learns (replicas, other sentinels, epochs)
			Files.writeString(config, String.join("\n", "bind 127.0.0.1", "port " + port, "dir " + home,
					"sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " " + QUORUM,
					"sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
					"sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT.toMillis(),
					"sentinel parallel-syncs " + MASTER_NAME + " 1", ""), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + config, ex);
		}
		this.sentinels.put(port, RedisNodeProcess.start(List.of("redis-server", config.toString(), "--sentinel"), port,
				home.resolve("sentinel.log")));
	}

	/** The sentinels as {@code 127.0.0.1:port} ({@code spring.data.redis.sentinel.nodes}). */
	public List<String> sentinelNodes() {
		return this.sentinels.keySet().stream().map((port) -> "127.0.0.1:" + port).toList();
	}

	/** Spring Boot's properties that point a service at this Sentinel setup. */
	public Map<String, String> springProperties() {
		return Map.of("spring.data.redis.sentinel.master", MASTER_NAME, "spring.data.redis.sentinel.nodes",
				String.join(",", sentinelNodes()));
	}

	/**
	 * The port of the master as every sentinel names it, once they agree and that node answers as a
	 * master; waits for that.
	 */
	public int masterPort() {
		int[] found = new int[1];
		await(() -> {
			OptionalInt agreed = agreedMaster();
			if (agreed.isPresent() && role(agreed.getAsInt()).filter((role) -> role.startsWith("master")).isPresent()) {
				found[0] = agreed.getAsInt();
				return true;
			}
			return false;
		}, SETTLE_TIMEOUT, "the sentinels to agree on a master that answers");
		return found[0];
	}

	/** The ports of the data nodes that run now (masters and replicas). */
	public List<Integer> runningDataPorts() {
		return this.servers.keySet().stream().filter((port) -> TestInfrastructure.answers("127.0.0.1", port)).toList();
	}

	/** How many keys matching {@code pattern} the current master holds ({@code SCAN}). */
	public long keyCountOnMaster(String pattern) {
		return lines(RedisCli.at(masterPort(), "--scan", "--pattern", pattern)).size();
	}

	/**
	 * Kills the master (SIGKILL: no shutdown, nothing more sent to its replica or clients), leaving it
	 * down; the sentinels promote the replica after {@link #DOWN_AFTER} and an election.
	 * @return the port the master ran on
	 */
	public int killMaster() {
		int master = masterPort();
		long pid = Long.parseLong(info(master, "server").get("process_id"));
		ProcessHandle process = ProcessHandle.of(pid)
			.orElseThrow(() -> new IllegalStateException("no process " + pid + " for the master on port " + master));
		process.destroyForcibly();
		process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
		return master;
	}

	/**
	 * Waits until every sentinel names a master other than {@code oldMaster} and that node answers as
	 * a master.
	 * @return the new master's port
	 */
	public int awaitFailoverFrom(int oldMaster) {
		int[] found = new int[1];
		await(() -> {
			OptionalInt agreed = agreedMaster();
			if (agreed.isPresent() && agreed.getAsInt() != oldMaster
					&& role(agreed.getAsInt()).filter((role) -> role.startsWith("master")).isPresent()) {
				found[0] = agreed.getAsInt();
				return true;
			}
			return false;
		}, SETTLE_TIMEOUT, "a failover away from the master on port " + oldMaster);
		return found[0];
	}

	/**
	 * Starts a killed data node again on its port, empty, as a replica of the current master, and waits
	 * until it is in sync and every sentinel lists it: the setup can fail over once more.
	 */
	public void restartAsReplica(int port) {
		int master = masterPort();
		OwnRedisServer old = this.servers.remove(port);
		if (old != null) {
			old.stop();
		}
		startDataNode(port, List.of("--replicaof", "127.0.0.1", String.valueOf(master)));
		awaitReplicaInSync(port);
		awaitSentinelsSettled(master, 1);
	}

	/**
	 * A failover asked of a sentinel ({@code SENTINEL FAILOVER}) while the master runs: the replica is
	 * promoted and, some seconds later, the old master made its replica. Sentinel does not stop the
	 * old master's clients meanwhile, so the master is first given {@code min-replicas-to-write 1}, as
	 * docs/operations.md advises: it refuses writes once its replica has left it for the promotion,
	 * instead of accepting writes that its resync with the new master then discards. Waits until every
	 * sentinel names the new master and the old one runs as its replica (then without that setting).
	 * @return the new master's port
	 */
	public int failOver() {
		int master = masterPort();
		awaitSentinelsSettled(master, 1);
		RedisCli.at(master, "CONFIG", "SET", "min-replicas-max-lag", "10");
		RedisCli.at(master, "CONFIG", "SET", "min-replicas-to-write", "1");
		String answer = RedisCli.at(this.sentinels.keySet().iterator().next(), "SENTINEL", "FAILOVER", MASTER_NAME).strip();
		if (!answer.equals("OK")) {
			throw new IllegalStateException("SENTINEL FAILOVER answered " + answer);
		}
		int promoted = awaitFailoverFrom(master);
		await(() -> role(master).filter((role) -> role.startsWith("slave")).isPresent(), SETTLE_TIMEOUT,
				"the old master on port " + master + " to be made a replica");
		RedisCli.at(master, "CONFIG", "SET", "min-replicas-to-write", "0");
		return promoted;
	}

	@Override
	public void close() {
		this.sentinels.values().forEach(RedisNodeProcess::stop);
		this.sentinels.clear();
		this.servers.values().forEach(OwnRedisServer::stop);
		this.servers.clear();
		ScratchDirectory.delete(this.dir);
	}

	/** The master every running sentinel names, if they all name the same one. */
	private OptionalInt agreedMaster() {
		Integer agreed = null;
		for (int sentinel : this.sentinels.keySet()) {
			List<String> address = lines(RedisCli.at(sentinel, "SENTINEL", "get-master-addr-by-name", MASTER_NAME));
			if (address.size() != 2) {
				return OptionalInt.empty();
			}
			int port = Integer.parseInt(address.get(1));
			if (agreed != null && agreed != port) {
				return OptionalInt.empty();
			}
			agreed = port;
		}
		return agreed == null ? OptionalInt.empty() : OptionalInt.of(agreed);
	}

	private void awaitReplicaInSync(int replica) {
		await(() -> {
			Map<String, String> replication = info(replica, "replication");
			return "slave".equals(replication.get("role")) && "up".equals(replication.get("master_link_status"));
		}, SETTLE_TIMEOUT, "the replica on port " + replica + " to sync with its master");
	}

	/**
	 * Waits until every sentinel names {@code master}, lists {@code replicas} replicas of it and the
	 * other sentinels, and sees it neither down nor failing over: only then can they fail it over.
	 */
	private void awaitSentinelsSettled(int master, int replicas) {
		await(() -> {
			for (int sentinel : this.sentinels.keySet()) {
				Map<String, String> state = pairs(lines(RedisCli.at(sentinel, "SENTINEL", "master", MASTER_NAME)));
				if (!String.valueOf(master).equals(state.get("port"))
						|| !String.valueOf(replicas).equals(state.get("num-slaves"))
						|| !String.valueOf(SENTINELS - 1).equals(state.get("num-other-sentinels"))
						|| !"master".equals(state.get("flags"))) {
					return false;
				}
				// a replica is only promotable once the sentinel sees its link to the master up
				for (Map<String, String> replica : replicaStates(sentinel)) {
					if (!"slave".equals(replica.get("flags")) || !"ok".equals(replica.get("master-link-status"))) {
						return false;
					}
				}
			}
			return true;
		}, SETTLE_TIMEOUT, "the sentinels to know master " + master + ", " + replicas + " replica(s) and each other");
	}

	private List<Map<String, String>> replicaStates(int sentinel) {
		// redis-cli prints a list of flat maps as lines; each map starts with "name"
		List<String> lines = lines(RedisCli.at(sentinel, "SENTINEL", "replicas", MASTER_NAME));
		List<Map<String, String>> replicas = new ArrayList<>();
		List<String> current = new ArrayList<>();
		for (int i = 0; i + 1 < lines.size(); i += 2) {
			if (lines.get(i).equals("name") && !current.isEmpty()) {
				replicas.add(pairs(current));
				current = new ArrayList<>();
			}
			current.add(lines.get(i));
			current.add(lines.get(i + 1));
		}
		if (!current.isEmpty()) {
			replicas.add(pairs(current));
		}
		return replicas;
	}

	private static Map<String, String> pairs(List<String> lines) {
		Map<String, String> map = new HashMap<>();
		for (int i = 0; i + 1 < lines.size(); i += 2) {
			map.put(lines.get(i), lines.get(i + 1));
		}
		return map;
	}

	/** {@code ROLE}'s first line ({@code master} or {@code slave}), or empty when the node does not answer. */
	private static Optional<String> role(int port) {
		if (!TestInfrastructure.answers("127.0.0.1", port)) {
			return Optional.empty();
		}
		try {
			return lines(RedisCli.at(port, "ROLE")).stream().findFirst();
		}
		catch (IllegalStateException ex) {
			return Optional.empty();
		}
	}

	/** One section of {@code INFO} as a map. */
	private static Map<String, String> info(int port, String section) {
		Map<String, String> map = new HashMap<>();
		for (String line : lines(RedisCli.at(port, "INFO", section))) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				map.put(line.substring(0, colon), line.substring(colon + 1));
			}
		}
		return map;
	}

	private static List<String> lines(String text) {
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	private void await(BooleanSupplier condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("waited " + timeout + " for " + what + "; logs under " + this.dir);
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
