package io.tributary.contract.pipeline;

import java.util.List;

/** A pipeline file that cannot be used; the message lists every problem with its place. */
public class PipelineFileException extends RuntimeException {

	private final List<String> problems;

	public PipelineFileException(String source, List<String> problems) {
		super("Invalid pipeline file " + source + ":\n  " + String.join("\n  ", problems));
		this.problems = List.copyOf(problems);
	}

	/** Each problem as {@code file:line:column: path: reason}. */
	public List<String> problems() {
		return this.problems;
	}

}
