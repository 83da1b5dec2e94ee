package io.tributary.systemtests.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tributary.systemtests.launch.Service;

/**
 * What a service reads, taken from the service itself: its application.yml, its
 * {@code @ConfigurationProperties("tributary")} record and the libraries in its jar. The deployment
 * files are checked against this, so a property renamed in the code fails the deploy checks.
 */
record ServiceConfig(Service service, Map<String, Object> applicationYaml, Set<String> tributaryProperties,
		PropertyCatalog catalog) {

	private static final Map<Service, ServiceConfig> CACHE = new EnumMap<>(Service.class);

	/** Partitioning of processing: an installation must set these explicitly and consistently. */
	static final List<String> PROCESSING_PARTITIONING = List.of("tributary.processing.partitions",
			"tributary.processing.instance-index", "tributary.processing.instance-count");

	static synchronized ServiceConfig of(Service service) {
		return CACHE.computeIfAbsent(service, ServiceConfig::load);
	}

	private static ServiceConfig load(Service service) {
		Path module = Repository.path(service.module());
		Map<String, Object> yaml = Maps
			.flatten(Repository.yaml(Repository.read(module.resolve("src/main/resources/application.yml"))));
		Set<String> own = tributaryProperties(module.resolve("src/main/java"));
		return new ServiceConfig(service, yaml, own, PropertyCatalog.of(Repository.jar(service), own));
	}

	int defaultPort() {
		Object port = this.applicationYaml.get("server.port");
		if (!(port instanceof Integer p)) {
			throw new IllegalStateException(this.service.module() + " has no server.port in its application.yml");
		}
		return p;
	}

	boolean usesRabbit() {
		return this.catalog.hasLibrary("spring-boot-amqp-");
	}

	/** The service's {@code application-kafka.yml} (the Spring profile {@code kafka}), flattened; empty if none. */
	Map<String, Object> kafkaProfileYaml() {
		Path file = Repository.path(this.service.module()).resolve("src/main/resources/application-kafka.yml");
		return Files.isRegularFile(file) ? Maps.flatten(Repository.yaml(Repository.read(file))) : Map.of();
	}

	boolean usesRedis() {
		return this.catalog.hasLibrary("spring-boot-data-redis-");
	}

	/** {@code spring.lifecycle.timeout-per-shutdown-phase}, Spring's default (30s) when not set. */
	Duration shutdownTimeout() {
		Object value = this.applicationYaml.get("spring.lifecycle.timeout-per-shutdown-phase");
		return (value == null) ? Duration.ofSeconds(30) : duration(value.toString());
	}

	/** The environment variables every deployment of this service must set. */
	Set<String> requiredEnvironment() {
		List<String> properties = new ArrayList<>(List.of("tributary.namespace", "tributary.pipeline-file"));
		if (usesRabbit()) {
			properties.addAll(List.of("spring.rabbitmq.host", "spring.rabbitmq.port", "spring.rabbitmq.username",
					"spring.rabbitmq.password"));
		}
		if (usesRedis()) {
			properties.addAll(List.of("spring.data.redis.host", "spring.data.redis.port", "spring.data.redis.password"));
		}
		if (this.service == Service.PROCESSING) {
			properties.addAll(PROCESSING_PARTITIONING);
		}
		Set<String> variables = new LinkedHashSet<>();
		for (String property : properties) {
			if (!this.catalog.hasProperty(property)) {
				throw new IllegalStateException(this.service.module() + " does not have the property " + property
						+ " any more: update the deploy checks and the deployment files");
			}
			variables.add(PropertyCatalog.environmentName(property));
		}
		return variables;
	}

	static Duration duration(String text) {
		Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
		if (!m.matches()) {
			throw new IllegalArgumentException("Not a duration: " + text);
		}
		long amount = Long.parseLong(m.group(1));
		return switch (m.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofHours(amount);
		};
	}

	// --- the properties record, read from its source ------------------------------------------------------

	private static Set<String> tributaryProperties(Path sources) {
		Set<String> names = new TreeSet<>();
		try (Stream<Path> files = Files.walk(sources)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().endsWith("Properties.java")).toList()) {
				String code = stripComments(Repository.read(file));
				Matcher m = Pattern.compile("@ConfigurationProperties\\(\"([a-z.-]+)\"\\)").matcher(code);
				if (m.find()) {
					Matcher record = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(").matcher(code);
					if (!record.find(m.end())) {
						throw new IllegalStateException(file + ": no record after @ConfigurationProperties");
					}
					collect(code, record.end() - 1, m.group(1), names);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (names.isEmpty()) {
			throw new IllegalStateException("No @ConfigurationProperties record found under " + sources);
		}
		return names;
	}

	/** Adds the components of the record header opening at {@code open}, recursing into nested records. */
	private static void collect(String code, int open, String prefix, Set<String> names) {
		int close = matching(code, open);
		for (String component : splitTopLevel(code.substring(open + 1, close))) {
			String declaration = stripAnnotations(component).trim();
			if (declaration.isEmpty()) {
				continue;
			}
			String[] tokens = declaration.split("\\s+");
			String name = tokens[tokens.length - 1];
			String type = tokens[tokens.length - 2];
			String property = prefix + "." + kebab(name);
			Matcher nested = Pattern.compile("\\brecord\\s+" + Pattern.quote(type) + "\\s*\\(").matcher(code);
			if (nested.find()) {
				collect(code, nested.end() - 1, property, names);
			}
			else {
				names.add(property);
			}
		}
	}

	private static int matching(String code, int open) {
		int depth = 0;
		for (int i = open; i < code.length(); i++) {
			char c = code.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth == 0) {
				return i;
			}
			else if (c == '"') {
				i = code.indexOf('"', i + 1);
			}
		}
		throw new IllegalStateException("Unbalanced parentheses in a properties record");
	}

	private static List<String> splitTopLevel(String header) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < header.length(); i++) {
			char c = header.charAt(i);
			if (c == '(' || c == '<') {
				depth++;
			}
			else if (c == ')' || c == '>') {
				depth--;
			}
			else if (c == '"') {
				i = header.indexOf('"', i + 1);
			}
			else if (c == ',' && depth == 0) {
				parts.add(header.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(header.substring(start));
		return parts;
	}

	private static String stripAnnotations(String component) {
		StringBuilder out = new StringBuilder();
		int i = 0;
		while (i < component.length()) {
			char c = component.charAt(i);
			if (c == '@') {
				int j = i + 1;
				while (j < component.length()
						&& (Character.isJavaIdentifierPart(component.charAt(j)) || component.charAt(j) == '.')) {
					j++;
				}
				while (j < component.length() && Character.isWhitespace(component.charAt(j))) {
					j++;
				}
				i = (j < component.length() && component.charAt(j) == '(') ? matching(component, j) + 1 : j;
			}
			else {
				out.append(c);
				i++;
			}
		}
		return out.toString();
	}

	private static String stripComments(String code) {
		return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
