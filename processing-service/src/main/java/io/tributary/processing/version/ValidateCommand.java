package io.tributary.processing.version;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineChange;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.contract.pipeline.PipelineVersion;

/**
 * {@code tributary validate FILE}: says, per pipeline, what starting processing with {@code FILE}
 * would do, compared with what processing runs now (read from Redis) or with another file
 * ({@code --against OLD}). Exit codes: 0 nothing incompatible, 1 the file has errors, 2 at least one
 * pipeline would start a new version (or be refused), 3 the comparison could not be made.
 */
public final class ValidateCommand {

	static final int OK = 0;

	static final int FILE_ERROR = 1;

	static final int INCOMPATIBLE = 2;

	static final int CANNOT_COMPARE = 3;

	private static final String USAGE = """
			usage: tributary validate FILE [--against OLD.yaml] [--redis redis://HOST:PORT]
			                               [--redis-cluster HOST:PORT,HOST:PORT...] [--namespace NS]
			  compares FILE with what processing runs (its version records in Redis or a Redis Cluster,
			  every master scanned), or with OLD.yaml
			  exit codes: 0 unchanged or compatible, 1 errors in FILE, 2 an incompatible change
			  (a new version with empty state), 3 nothing to compare with (Redis unreachable, OLD unreadable)""";

	private ValidateCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** What {@code running} says about each pipeline: by name, the version record (null: none). */
	private record Running(String what, Map<String, PipelineVersion> versions) {
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Path file = null;
		Path against = null;
		String redis = "redis://127.0.0.1:6379";
		String clusterNodes = null;
		String namespace = "tributary";
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			boolean hasValue = i + 1 < args.length;
			switch (arg) {
				case "--against" -> against = hasValue ? Path.of(args[++i]) : null;
				case "--redis" -> redis = hasValue ? args[++i] : redis;
				case "--redis-cluster" -> clusterNodes = hasValue ? args[++i] : null;
				case "--namespace" -> namespace = hasValue ? args[++i] : namespace;
				default -> {
					if (arg.startsWith("-") || file != null) {
						err.println(USAGE);
						return CANNOT_COMPARE;
					}
					file = Path.of(arg);
				}
			}
		}
		if (file == null) {
			err.println(USAGE);
			return CANNOT_COMPARE;
		}
		PipelineFile candidate;
		try {
			candidate = load(file);
		}
		catch (PipelineFileException ex) {
			ex.problems().forEach((problem) -> out.println("error: " + problem));
			return FILE_ERROR;
		}
		catch (IllegalArgumentException ex) {
			out.println("error: " + ex.getMessage());
			return FILE_ERROR;
		}
		Running running;
		try {
			running = (against != null) ? runningIn(against)
					: (clusterNodes != null) ? runningInCluster(clusterNodes, namespace) : runningIn(redis, namespace);
		}
		catch (PipelineFileException ex) {
			err.println("cannot compare: " + against + " has errors: " + String.join("; ", ex.problems()));
			return CANNOT_COMPARE;
		}
		catch (RuntimeException ex) {
			err.println("cannot compare: " + ex.getMessage());
			return CANNOT_COMPARE;
		}
		return compare(candidate, running, out);
	}

	private static PipelineFile load(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException(file + ": no such file");
		}
		return PipelineFileLoader.load(file);
	}

	private static Running runningIn(Path against) {
		PipelineFile old = load(against);
		Map<String, PipelineVersion> versions = new LinkedHashMap<>();
		PipelineFingerprint.of(old).forEach((name, fingerprint) -> versions.put(name,
				new PipelineVersion(1, java.time.Instant.EPOCH, fingerprint)));
		return new Running(against.toString(), versions);
	}

	private static Running runningIn(String uri, String namespace) {
		RedisClient client = RedisClient.create(uri);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return new Running("what processing runs (" + uri + ", namespace " + namespace + ")",
					versions(connection.sync(), namespace));
		}
		finally {
			client.shutdown();
		}
	}

	/** As {@link #runningIn(String, String)} on a Redis Cluster: Lettuce's cluster SCAN visits every master. */
	private static Running runningInCluster(String nodes, String namespace) {
		List<RedisURI> seeds = new ArrayList<>();
		for (String node : nodes.split(",")) {
			String address = node.trim();
			seeds.add(RedisURI.create(address.contains("://") ? address : "redis://" + address));
		}
		RedisClusterClient client = RedisClusterClient.create(seeds);
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			return new Running("what processing runs (Redis Cluster " + nodes + ", namespace " + namespace + ")",
					versions(connection.sync(), namespace));
		}
		finally {
			client.shutdown();
		}
	}

	/** The version records of every pipeline under the namespace, by pipeline name. */
	private static Map<String, PipelineVersion> versions(RedisClusterCommands<String, String> redis, String namespace) {
		RedisKeys keys = new RedisKeys(namespace);
		String prefix = keys.pipelineVersion("");
		// <ns>:version:{} -> match <ns>:version:{*}
		String pattern = prefix.substring(0, prefix.length() - 1) + "*}";
		Map<String, PipelineVersion> versions = new TreeMap<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
			for (String key : page.getKeys()) {
				String pipeline = key.substring(prefix.length() - 1, key.length() - 1);
				PipelineVersion version = PipelineVersion.fromHash(pipeline, redis.hgetall(key));
				if (version != null) {
					versions.put(pipeline, version);
				}
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		return versions;
	}

	private static int compare(PipelineFile candidate, Running running, PrintStream out) {
		out.println("Compared with " + running.what() + ":");
		int exit = OK;
		Map<String, PipelineFingerprint> fingerprints = PipelineFingerprint.of(candidate);
		for (PipelineFingerprint fingerprint : fingerprints.values()) {
			PipelineVersion version = running.versions().get(fingerprint.pipeline());
			PipelineChange change = PipelineChange.between(version == null ? null : version.definition(), fingerprint);
			String name = "  " + fingerprint.pipeline() + ": ";
			switch (change.kind()) {
				case NEW -> out.println(name + "new pipeline (starts empty)");
				case UNCHANGED -> out.println(name + "unchanged" + versionOf(version, running));
				case COMPATIBLE -> {
					out.println(name + "compatible, keeps its state" + versionOf(version, running));
					change.changes().forEach((c) -> out.println("      " + c));
				}
				case INCOMPATIBLE -> {
					out.println(name + "new version"
							+ (running.what().startsWith("what") ? " " + (version.version() + 1) : "")
							+ ", starts with empty state (refused with on-incompatible-change=refuse)");
					change.changes().forEach((c) -> out.println("      " + c));
					exit = INCOMPATIBLE;
				}
			}
		}
		List<String> removed = new ArrayList<>(running.versions().keySet());
		removed.removeAll(fingerprints.keySet());
		for (String pipeline : removed) {
			out.println("  " + pipeline + ": removed (its stored state and results are left until their retention)");
		}
		return exit;
	}

	private static String versionOf(PipelineVersion version, Running running) {
		return running.what().startsWith("what") ? " (version " + version.version() + ")" : "";
	}

}
