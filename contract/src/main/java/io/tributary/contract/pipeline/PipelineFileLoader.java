package io.tributary.contract.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and validates a pipeline file: reads the YAML and hands each top-level section (streams,
 * lookups, pipelines) to its parser. Every problem is reported with its place in the file
 * ({@code file:line:column: path: reason}); nothing half-valid is returned.
 */
public final class PipelineFileLoader {

	/** The most windows a hopping window puts one event in (size / slide); see {@link PipelineLimits}. */
	static final int MAX_WINDOWS_PER_EVENT = PipelineLimits.MAX_WINDOWS_PER_EVENT;

	private final String source;

	private final @Nullable Path baseDir;

	private PipelineFileLoader(String source, @Nullable Path baseDir) {
		this.source = source;
		this.baseDir = baseDir;
	}

	public static PipelineFile load(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new PipelineFileException(file.toString(), List.of(file + ": cannot read: " + ex.getMessage()));
		}
		Path parent = file.toAbsolutePath().getParent();
		return new PipelineFileLoader(file.toString(), parent).parse(new StringReader(text));
	}

	/** Loads YAML text; relative schema paths resolve against {@code baseDir} (may be null). */
	public static PipelineFile load(String source, String yaml, @Nullable Path baseDir) {
		return new PipelineFileLoader(source, baseDir).parse(new StringReader(yaml));
	}

	private PipelineFile parse(Reader reader) {
		Node root = compose(reader);
		Problems problems = new Problems(this.source);
		YamlNodes nodes = new YamlNodes(problems);
		Map<String, StreamDefinition> streams = new LinkedHashMap<>();
		Map<String, LookupDefinition> lookups = new LinkedHashMap<>();
		Map<String, PipelineDefinition> pipelines = new LinkedHashMap<>();
		Map<String, Node> top = nodes.mapping(root, "", Set.of("streams", "lookups", "pipelines"));
		if (top != null) {
			Node streamsNode = top.get("streams");
			if (streamsNode != null) {
				StreamParser parser = new StreamParser(nodes, this.baseDir);
				nodes.entries(streamsNode, "streams").forEach((name, node) -> {
					StreamDefinition s = parser.parse(name, node);
					if (s != null) {
						streams.put(name, s);
					}
				});
			}
			Node lookupsNode = top.get("lookups");
			if (lookupsNode != null) {
				LookupParser parser = new LookupParser(nodes);
				nodes.entries(lookupsNode, "lookups").forEach((name, node) -> lookups.put(name, parser.parse(name, node)));
			}
			Node pipelinesNode = top.get("pipelines");
			if (pipelinesNode == null) {
				nodes.problem(root, "", "the file declares no pipelines (a top-level 'pipelines:' is required)");
			}
			else {
				PipelineParser parser = new PipelineParser(nodes);
				nodes.entries(pipelinesNode, "pipelines").forEach((name, node) -> {
					PipelineDefinition p = parser.parse(name, node, streams, lookups);
					if (p != null) {
						pipelines.put(name, p);
					}
				});
			}
		}
		problems.throwIfAny();
		return new PipelineFile(this.source, streams, lookups, pipelines);
	}

	/** The YAML's root node. @throws PipelineFileException when the text is not YAML or is empty */
	private Node compose(Reader reader) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(10);
		Node root;
		try {
			root = new Yaml(options).compose(reader);
		}
		catch (MarkedYAMLException ex) {
			Mark mark = ex.getProblemMark() != null ? ex.getProblemMark() : ex.getContextMark();
			String where = mark != null ? this.source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)
					: this.source;
			throw new PipelineFileException(this.source,
					List.of(where + ": not valid YAML: " + ex.getProblem() + context(ex)));
		}
		catch (RuntimeException ex) {
			throw new PipelineFileException(this.source, List.of(this.source + ": not valid YAML: " + ex.getMessage()));
		}
		if (root == null) {
			throw new PipelineFileException(this.source, List.of(this.source + ": the file is empty"));
		}
		return root;
	}

	private static String context(MarkedYAMLException ex) {
		return ex.getContext() != null ? " (" + ex.getContext() + ")" : "";
	}

}
