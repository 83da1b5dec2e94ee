/**
 * The pipelines that can be queried: their definitions from the pipeline file, rendered as the user
 * wrote them, and their live status from Redis.
 */
@NullMarked
package io.tributary.query.pipeline;

import org.jspecify.annotations.NullMarked;
