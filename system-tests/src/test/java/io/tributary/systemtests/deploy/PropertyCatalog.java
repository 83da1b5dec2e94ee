package io.tributary.systemtests.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration properties a service can bind: Spring's, from the configuration metadata of every
 * library in the service's jar, and Tributary's own, from its properties record. Answers whether an
 * environment variable binds to one of them under Spring's relaxed binding.
 */
final class PropertyCatalog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Set<String> names;

	private final Set<String> mapPrefixes;

	private final Set<String> libraries;

	private PropertyCatalog(Set<String> names, Set<String> mapPrefixes, Set<String> libraries) {
		this.names = names;
		this.mapPrefixes = mapPrefixes;
		this.libraries = libraries;
	}

	static PropertyCatalog of(Path bootJar, Set<String> ownProperties) {
		Set<String> names = new TreeSet<>(ownProperties);
		Set<String> mapPrefixes = new TreeSet<>();
		Set<String> libraries = new TreeSet<>();
		try (ZipFile zip = new ZipFile(bootJar.toFile())) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				String name = entry.getName();
				if (name.equals("BOOT-INF/classes/META-INF/spring-configuration-metadata.json")) {
					try (InputStream in = zip.getInputStream(entry)) {
						read(in.readAllBytes(), names, mapPrefixes);
					}
				}
				else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
					libraries.add(name.substring("BOOT-INF/lib/".length()));
					try (ZipInputStream nested = new ZipInputStream(zip.getInputStream(entry))) {
						for (ZipEntry e = nested.getNextEntry(); e != null; e = nested.getNextEntry()) {
							if (e.getName().equals("META-INF/spring-configuration-metadata.json")) {
								read(nested.readAllBytes(), names, mapPrefixes);
							}
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + bootJar, ex);
		}
		return new PropertyCatalog(names, mapPrefixes, libraries);
	}

	private static void read(byte[] json, Set<String> names, Set<String> mapPrefixes) {
		JsonNode root = JSON.readTree(json);
		for (JsonNode property : root.path("properties")) {
			String name = property.path("name").asString();
			names.add(name);
			if (property.path("type").asString("").startsWith("java.util.Map")) {
				mapPrefixes.add(name);
			}
		}
	}

	boolean hasProperty(String name) {
		return this.names.contains(name);
	}

	/** Whether a library whose file name starts with this is in the jar, e.g. {@code spring-boot-amqp-}. */
	boolean hasLibrary(String fileNamePrefix) {
		return this.libraries.stream().anyMatch((l) -> l.startsWith(fileNamePrefix));
	}

	/** Whether Spring binds this environment variable to a known property. */
	boolean bindsEnvironmentVariable(String variable) {
		for (String name : this.names) {
			if (environmentNames(name).contains(variable)) {
				return true;
			}
		}
		for (String prefix : this.mapPrefixes) {
			for (String form : environmentNames(prefix)) {
				if (variable.startsWith(form + "_")) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The variable names Spring maps to a property: dots become underscores, dashes are dropped
	 * ({@code SPRING_MAIN_LOGSTARTUPINFO}) or, in the legacy form, become underscores too.
	 */
	static Set<String> environmentNames(String property) {
		String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
		Set<String> forms = new HashSet<>();
		forms.add(upper.replace("-", ""));
		forms.add(upper.replace('-', '_'));
		return forms;
	}

	/** The form used in this repository's deployment files: {@code TRIBUTARY_PIPELINE_FILE}. */
	static String environmentName(String property) {
		return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

}
