/**
 * The records that explain what was not counted in a window: late events per pipeline and
 * dead-lettered events per stream, newest first.
 */
@NullMarked
package io.tributary.query.record;

import org.jspecify.annotations.NullMarked;
