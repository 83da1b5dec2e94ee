package io.tributary.contract.pipeline;

/**
 * An expression as written in the pipeline file, with where it was written, so that a compiler
 * can report errors at the right place.
 *
 * @param location {@code file:line:column (path.in.file)}
 */
public record Expression(String text, String location) {
}
