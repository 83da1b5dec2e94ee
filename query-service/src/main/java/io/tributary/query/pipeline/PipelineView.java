package io.tributary.query.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * A pipeline as the API shows it: its name, its definition, its live status and the version processing
 * runs (null before processing ran it).
 */
record PipelineView(String name, DefinitionView definition, PipelineStatus status,
		@Nullable PipelineVersionView version) {
}
