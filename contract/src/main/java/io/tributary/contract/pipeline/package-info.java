/**
 * The pipeline file: streams, lookups and pipelines as a user declares them in YAML, loaded into
 * immutable definitions. A bad file fails here with the file, line, column and reason.
 */
@NullMarked
package io.tributary.contract.pipeline;

import org.jspecify.annotations.NullMarked;
