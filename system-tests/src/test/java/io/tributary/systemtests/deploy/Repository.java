package io.tributary.systemtests.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tributary.systemtests.launch.Service;
import io.tributary.systemtests.launch.ServiceCluster;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository whose deployment files are checked, and small readers for its files. */
final class Repository {

	private Repository() {
	}

	static Path root() {
		return ServiceCluster.repoRoot();
	}

	static Path path(String relative) {
		return root().resolve(relative);
	}

	static String read(String relative) {
		return read(path(relative));
	}

	static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	static String version() {
		return ServiceCluster.projectVersion();
	}

	/** The service's Spring Boot jar as the reactor build leaves it; fails clearly when it was not built. */
	static Path jar(Service service) {
		Path jar = ServiceCluster.defaultJar(root(), version(), service);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The deploy checks read " + jar + ", which does not exist: build the "
					+ "services first (./mvnw -DskipTests package, or ./mvnw verify from the repository root)");
		}
		return jar;
	}

	/** One YAML document as maps, lists and scalars (YAML 1.1 merge keys resolved, as compose does). */
	static Map<String, Object> yaml(String text) {
		Object loaded = newYaml().load(text);
		return Maps.map(loaded, "document");
	}

	/** Every document of a multi-document YAML stream. */
	static List<Map<String, Object>> yamlDocuments(String text) {
		List<Map<String, Object>> docs = new java.util.ArrayList<>();
		for (Object doc : newYaml().loadAll(text)) {
			if (doc != null) {
				docs.add(Maps.map(doc, "document"));
			}
		}
		return docs;
	}

	private static Yaml newYaml() {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(new SafeConstructor(options));
	}

}
