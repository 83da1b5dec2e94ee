package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The problems found in one pipeline file, each written {@code file:line:column: path: reason} at
 * the node it concerns, in the order found.
 */
final class Problems {

	private final String source;

	private final List<String> problems = new ArrayList<>();

	Problems(String source) {
		this.source = source;
	}

	/** The file's name as problems and locations write it. */
	String source() {
		return this.source;
	}

	void add(@Nullable Node node, String path, String reason) {
		String place = node == null ? this.source
				: this.source + ":" + (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
		this.problems.add(place + ": " + (path.isEmpty() ? "" : path + ": ") + reason);
	}

	/** Where a definition was written: {@code file:line:column (path)}. */
	String where(Node node, String path) {
		Mark mark = node.getStartMark();
		return this.source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + " (" + path + ")";
	}

	/** How many so far: a parser compares counts to learn whether its part added any. */
	int count() {
		return this.problems.size();
	}

	/** @throws PipelineFileException with every problem, when there is one */
	void throwIfAny() {
		if (!this.problems.isEmpty()) {
			throw new PipelineFileException(this.source, this.problems);
		}
	}

}
