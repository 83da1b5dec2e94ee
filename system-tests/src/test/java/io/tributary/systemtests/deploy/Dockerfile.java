package io.tributary.systemtests.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's Dockerfile as stages of instructions, so the tests check (and the image test runs)
 * what the file really says rather than a copy of it.
 */
record Dockerfile(List<Stage> stages) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One instruction, continuation lines joined; {@code line} is where it starts. */
	record Instruction(String keyword, String arguments, int line) {

		/** Flags such as {@code --from=build} at the start of the arguments. */
		Map<String, String> flags() {
			Map<String, String> flags = new LinkedHashMap<>();
			for (String token : this.arguments.split("\\s+")) {
				if (!token.startsWith("--")) {
					break;
				}
				int eq = token.indexOf('=');
				flags.put(token.substring(2, (eq < 0) ? token.length() : eq), (eq < 0) ? "" : token.substring(eq + 1));
			}
			return flags;
		}

		/** The arguments after the flags. */
		String operands() {
			String rest = this.arguments;
			while (rest.startsWith("--")) {
				int space = rest.indexOf(' ');
				rest = (space < 0) ? "" : rest.substring(space + 1).stripLeading();
			}
			return rest;
		}

		/** The operands in exec form (a JSON array), or empty when they are in shell form. */
		Optional<List<String>> execForm() {
			String operands = operands();
			if (!operands.startsWith("[")) {
				return Optional.empty();
			}
			return Optional.of(JSON.readValue(operands, new TypeReference<List<String>>() {
			}));
		}

	}

	/** A {@code FROM} and the instructions up to the next one. */
	record Stage(String baseImage, @Nullable String name, List<Instruction> instructions) {

		List<Instruction> all(String keyword) {
			return this.instructions.stream().filter((i) -> i.keyword().equals(keyword)).toList();
		}

		Optional<Instruction> last(String keyword) {
			List<Instruction> found = all(keyword);
			return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
		}

		String workdir() {
			return last("WORKDIR").map(Instruction::arguments).orElse("/");
		}

	}

	static Dockerfile parse(String text) {
		List<Stage> stages = new ArrayList<>();
		List<Instruction> current = null;
		String base = null;
		String name = null;
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int start = i + 1;
			StringBuilder joined = new StringBuilder();
			while (line.endsWith("\\")) {
				joined.append(line, 0, line.length() - 1).append(' ');
				// comment lines inside a continued instruction are dropped, as Docker does
				do {
					i++;
					line = (i < lines.length) ? lines[i].strip() : "";
				}
				while (line.startsWith("#") && i < lines.length - 1);
			}
			joined.append(line);
			String instruction = joined.toString().replaceAll("\\s+", " ").strip();
			int space = instruction.indexOf(' ');
			String keyword = instruction.substring(0, (space < 0) ? instruction.length() : space).toUpperCase(Locale.ROOT);
			String arguments = (space < 0) ? "" : instruction.substring(space + 1);
			if (keyword.equals("FROM")) {
				if (current != null) {
					stages.add(new Stage(base, name, List.copyOf(current)));
				}
				Matcher m = Pattern.compile("(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE).matcher(arguments);
				if (!m.matches()) {
					throw new IllegalArgumentException("Line " + start + ": cannot read FROM " + arguments);
				}
				base = m.group(1);
				name = m.group(2);
				current = new ArrayList<>();
			}
			else if (current == null) {
				if (!keyword.equals("ARG")) {
					throw new IllegalArgumentException("Line " + start + ": " + keyword + " before the first FROM");
				}
			}
			else {
				current.add(new Instruction(keyword, arguments, start));
			}
		}
		if (current != null) {
			stages.add(new Stage(base, name, List.copyOf(current)));
		}
		return new Dockerfile(List.copyOf(stages));
	}

	Stage stage(String name) {
		return this.stages.stream()
			.filter((s) -> name.equals(s.name()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No stage named " + name));
	}

	/** The stage the image is made of: the last one. */
	Stage finalStage() {
		return this.stages.getLast();
	}

	/** Replaces {@code $VAR}, {@code ${VAR}} and {@code ${VAR:-default}} as Docker does in most instructions. */
	static String substitute(String text, Map<String, String> variables) {
		Matcher m = Pattern.compile("\\$\\{(\\w+)(?::-([^}]*))?}|\\$(\\w+)").matcher(text);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String variable = (m.group(1) != null) ? m.group(1) : m.group(3);
			String value = variables.get(variable);
			if ((value == null || value.isEmpty()) && m.group(2) != null) {
				value = m.group(2);
			}
			m.appendReplacement(out, Matcher.quoteReplacement((value != null) ? value : ""));
		}
		m.appendTail(out);
		return out.toString();
	}

	/** {@code ENV a=1 b="two words"}: the pairs, values unquoted. */
	static Map<String, String> environment(Instruction env) {
		Map<String, String> pairs = new LinkedHashMap<>();
		Matcher m = Pattern.compile("(\\w+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S*))").matcher(env.arguments());
		while (m.find()) {
			pairs.put(m.group(1), (m.group(3) != null) ? m.group(3).replace("\\\"", "\"") : m.group(4));
		}
		if (pairs.isEmpty()) {
			throw new IllegalArgumentException("Line " + env.line() + ": use ENV key=value");
		}
		return pairs;
	}

}
