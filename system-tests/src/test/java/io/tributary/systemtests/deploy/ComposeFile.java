package io.tributary.systemtests.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A compose file (docker-compose.yml, an override), parsed as compose reads it (merge keys resolved), with compose's interpolation. */
record ComposeFile(String text, Map<String, Object> root) {

	/** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?error}} ... */
	static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}");

	static ComposeFile load() {
		return load("docker-compose.yml");
	}

	/** A compose file of the repository, e.g. an override such as {@code deploy/compose/tls.yaml}. */
	static ComposeFile load(String relative) {
		String text = Repository.read(relative);
		return new ComposeFile(text, Repository.yaml(text));
	}

	Map<String, Object> services() {
		return Maps.map(this.root.get("services"), "services");
	}

	Map<String, Object> service(String name) {
		return Maps.map(services().get(name), "services." + name);
	}

	/** The service's environment as compose hands it over with these variables set (defaults otherwise). */
	Map<String, String> environment(String service, Map<String, String> variables) {
		Map<String, String> env = new LinkedHashMap<>();
		Object raw = service(service).get("environment");
		if (raw instanceof List<?> list) {
			for (Object item : list) {
				String entry = String.valueOf(item);
				int eq = entry.indexOf('=');
				env.put(entry.substring(0, eq), interpolate(entry.substring(eq + 1), variables));
			}
		}
		else {
			Maps.mapOrEmpty(raw, service + ".environment")
				.forEach((k, v) -> env.put(k, (v == null) ? "" : interpolate(String.valueOf(v), variables)));
		}
		return env;
	}

	static String interpolate(String value, Map<String, String> variables) {
		Matcher m = VARIABLE.matcher(value.replace("$$", "\u0000"));
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String set = variables.get(m.group(1));
			String operator = m.group(2);
			String result;
			if (operator == null) {
				result = (set != null) ? set : "";
			}
			else if (operator.equals(":-")) {
				result = (set != null && !set.isEmpty()) ? set : m.group(3);
			}
			else if (operator.equals("-")) {
				result = (set != null) ? set : m.group(3);
			}
			else if (operator.equals(":+")) {
				result = (set != null && !set.isEmpty()) ? m.group(3) : "";
			}
			else if (set == null || operator.equals(":?") && set.isEmpty()) {
				throw new IllegalArgumentException("${" + m.group(1) + "} is required: " + m.group(3));
			}
			else {
				result = set;
			}
			m.appendReplacement(out, Matcher.quoteReplacement(result));
		}
		m.appendTail(out);
		return out.toString().replace("\u0000", "$");
	}

	/** A volume entry {@code SOURCE:TARGET[:MODE]} in short syntax. */
	record Mount(String source, String target, boolean readOnly) {

		static Mount parse(String spec) {
			String[] parts = spec.split(":");
			return new Mount(parts[0], parts[1], parts.length > 2 && parts[2].contains("ro"));
		}

		boolean bind() {
			return this.source.startsWith(".") || this.source.startsWith("/");
		}

	}

	List<Mount> mounts(String service) {
		return Maps.listOrEmpty(service(service).get("volumes"), service + ".volumes")
			.stream()
			.map((v) -> Mount.parse(String.valueOf(v)))
			.toList();
	}

}
