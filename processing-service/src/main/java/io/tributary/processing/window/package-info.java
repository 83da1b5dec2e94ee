/**
 * The window operator of one partition in plain Java, and its parts: applies keyed events to per-key windows,
 * tracks the watermark, fires, re-fires within allowed lateness, purges, recognises redelivered and
 * duplicate events, and hands out checkpoint deltas (window state, counted event ids, watermarks
 * and the outbox of results) that the Spring side writes to Redis atomically.
 */
@NullMarked
package io.tributary.processing.window;

import org.jspecify.annotations.NullMarked;
