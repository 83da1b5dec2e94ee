package io.tributary.query.pipeline;

/** A pipeline as the API shows it: its name, its definition and its live status. */
record PipelineView(String name, DefinitionView definition, PipelineStatus status) {
}
