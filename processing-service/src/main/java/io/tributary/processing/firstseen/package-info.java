/**
 * {@code first-seen(field)} state in plain Java: a time-bounded family of Bloom filters per pipeline
 * and partition (generations of event time that expire with the watermark) and its checkpointed
 * form (snapshots of the filters and a log of the values added since).
 */
@NullMarked
package io.tributary.processing.firstseen;

import org.jspecify.annotations.NullMarked;
