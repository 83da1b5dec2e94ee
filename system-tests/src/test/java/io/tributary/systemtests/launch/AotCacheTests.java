package io.tributary.systemtests.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache's fallbacks: a jar it cannot extract or train is started plain, and the failure is
 * remembered for that jar instead of being tried again at every start. (The recorded cache itself
 * is what every system test's cluster starts from.)
 */
class AotCacheTests {

	private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	@TempDir
	Path dir;

	@Test
	void aJarThatIsNotASpringBootJarStartsPlainAndIsNotTriedAgain() throws IOException {
		Path jar = emptyJar(this.dir.resolve("not-boot.jar"));

		AotCache.Launch first = AotCache.prepare(JAVA, jar, List.of("-Xmx64m"), List.of());

		assertThat(first).isEqualTo(new AotCache.Launch(jar, List.of()));
		if (!AotCache.supported()) {
			return;
		}
		Path cacheDir = this.dir.resolve("aot");
		try (var entries = Files.list(cacheDir)) {
			Path trainingDir = entries.filter(Files::isDirectory).findFirst().orElseThrow();
			assertThat(trainingDir.resolve("failed")).exists();
			Path trainingLog = trainingDir.resolve("training.log");
			long logged = Files.size(trainingLog);

			assertThat(AotCache.prepare(JAVA, jar, List.of("-Xmx64m"), List.of())).isEqualTo(first);
			assertThat(Files.size(trainingLog)).as("no second attempt for the same jar").isEqualTo(logged);
		}
	}

	@Test
	void otherJvmOptionsGetACacheOfTheirOwn() throws IOException {
		Path jar = emptyJar(this.dir.resolve("not-boot.jar"));

		AotCache.prepare(JAVA, jar, List.of("-Xmx64m"), List.of());
		AotCache.prepare(JAVA, jar, List.of("-Xmx128m"), List.of());

		if (AotCache.supported()) {
			try (var entries = Files.list(this.dir.resolve("aot"))) {
				assertThat(entries.filter(Files::isDirectory).count()).isEqualTo(2);
			}
		}
	}

	private static Path emptyJar(Path jar) throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
			j.flush();
		}
		return jar;
	}

}
