/**
 * A window's graph of relation events: every edge with its event count and weight, each node's degree
 * and neighbours, and the connected components kept by union-find; its serial form for checkpoints;
 * the metrics of a node's result and of the window's summary. Plain Java.
 * {@link io.tributary.processing.graph.GraphFunction} is what the window operator holds.
 */
@NullMarked
package io.tributary.processing.graph;

import org.jspecify.annotations.NullMarked;
