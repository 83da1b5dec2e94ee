package io.tributary.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a service jar the fast way on Java 25 and later: in Spring Boot's extracted form with a JVM
 * AOT cache (JEP 483/514/515) recorded once by a training run ({@code -XX:AOTCacheOutput} with
 * {@code -Dspring.context.exit=onRefresh}: the context is refreshed, every singleton made, nothing
 * started). On this 2-core machine that takes processing from about 14 s to about 4.5 s to ready.
 *
 * <p>
 * One cache per jar and JVM options, in {@code <jar's dir>/aot/<name>-<hash of the options>/}: the
 * extracted jar, {@code app.aot}, the training's log and a stamp naming the jar's size and time and
 * the Java version it was recorded for. A rebuilt jar or another JVM gets a new training run; a
 * training that fails is remembered (for that jar) and the plain jar is started instead, so a cache
 * can make a start faster but never make it fail. Trainings of one cache are serialised across
 * threads and processes by a file lock.
 */
public final class AotCache {

	private static final Logger log = LoggerFactory.getLogger(AotCache.class);

	private static final long TRAINING_TIMEOUT_SECONDS = 300;

	/** A file lock serialises processes; these serialise this JVM's threads (a JVM cannot lock a file twice). */
	private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

	/** What to run: the jar (the extracted one, or the original) and the JVM options it needs. */
	public record Launch(Path jar, List<String> jvmArgs) {
	}

	private AotCache() {
	}

	/** Whether this JVM (whose {@code java} starts the services) can record and use an AOT cache. */
	public static boolean supported() {
		return Runtime.version().feature() >= 25;
	}

	/**
	 * The launch of {@code jar} with {@code jvmArgs}: from its cache, recorded now with
	 * {@code appArgs} if missing or stale; the plain jar where the cache cannot be had.
	 */
	public static Launch prepare(Path java, Path jar, List<String> jvmArgs, List<String> appArgs) {
		Launch plain = new Launch(jar, List.of());
		if (!supported()) {
			return plain;
		}
		String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
		Path dir = jar.toAbsolutePath().getParent().resolve("aot").resolve(name + "-" + hash(String.join(" ", jvmArgs)));
		try {
			Files.createDirectories(dir.getParent());
			String stamp = stamp(jar);
			synchronized (IN_PROCESS.computeIfAbsent(dir, (d) -> new Object())) {
				return prepareLocked(java, jar, dir, stamp, jvmArgs, appArgs);
			}
		}
		catch (IOException ex) {
			log.warn("No AOT cache for {}, starting the plain jar: {}", jar.getFileName(), ex.toString());
			return plain;
		}
	}

	private static Launch prepareLocked(Path java, Path jar, Path dir, String stamp, List<String> jvmArgs,
			List<String> appArgs) throws IOException {
		try (FileChannel channel = FileChannel.open(dir.getParent().resolve(dir.getFileName() + ".lock"),
				StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
			Path stampFile = dir.resolve("stamp");
			Path failedFile = dir.resolve("failed");
			if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
				return fast(dir, jar);
			}
			if (Files.isRegularFile(failedFile) && Files.readString(failedFile).equals(stamp)) {
				return new Launch(jar, List.of());
			}
			if (train(java, jar, dir, jvmArgs, appArgs)) {
				Files.writeString(stampFile, stamp, StandardCharsets.UTF_8);
				return fast(dir, jar);
			}
			Files.writeString(failedFile, stamp, StandardCharsets.UTF_8);
			return new Launch(jar, List.of());
		}
	}

	private static Launch fast(Path dir, Path jar) {
		// the cache records the class path as given: the extracted jar's absolute path, here as there;
		// the JVM's own notes on the code it could not link go, its errors stay
		return new Launch(dir.resolve(jar.getFileName()),
				List.of("-XX:AOTCache=" + dir.resolve("app.aot"), "-Xlog:aot*=error"));
	}

	/** Extracts the jar into {@code dir} and records {@code app.aot} there; false (and a WARN) if it failed. */
	private static boolean train(Path java, Path jar, Path dir, List<String> jvmArgs, List<String> appArgs)
			throws IOException {
		deleteTree(dir);
		Files.createDirectories(dir);
		Path trainingLog = dir.resolve("training.log");
		long started = System.nanoTime();
		List<String> extract = List.of(java.toString(), "-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(),
				"extract", "--destination", dir.toString(), "--force");
		if (run(extract, dir, trainingLog) != 0) {
			log.warn("Extracting {} failed (see {}); starting the plain jar", jar.getFileName(), trainingLog);
			return false;
		}
		List<String> record = new ArrayList<>();
		record.add(java.toString());
		record.addAll(jvmArgs);
		record.add("-XX:AOTCacheOutput=" + dir.resolve("app.aot"));
		record.add("-Dspring.context.exit=onRefresh");
		record.add("-jar");
		record.add(dir.resolve(jar.getFileName()).toString());
		record.addAll(appArgs);
		int code = run(record, dir, trainingLog);
		if (code != 0 || !Files.isRegularFile(dir.resolve("app.aot"))) {
			log.warn("The AOT training run of {} ended with code {} (see {}); starting the plain jar", jar.getFileName(),
					code, trainingLog);
			return false;
		}
		log.info("Recorded the AOT cache of {} in {} s", jar.getFileName(),
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
		return true;
	}

	private static int run(List<String> command, Path dir, Path logFile) throws IOException {
		Process p = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(ManagedProcess.nullDevice()))
			.start();
		try {
			if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return -1;
			}
			return p.exitValue();
		}
		catch (InterruptedException ex) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while recording an AOT cache", ex);
		}
	}

	private static String stamp(Path jar) throws IOException {
		return Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + " " + Runtime.version();
	}

	private static String hash(String text) {
		return HexFormat.of().toHexDigits(text.hashCode());
	}

	private static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

}
