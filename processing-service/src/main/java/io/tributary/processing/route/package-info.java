/**
 * The route stage of a pipeline in plain Java: filter, enrichment and key-by, compiled from the
 * pipeline file with CEL, turning accepted events into keyed events addressed to a partition.
 */
@NullMarked
package io.tributary.processing.route;

import org.jspecify.annotations.NullMarked;
