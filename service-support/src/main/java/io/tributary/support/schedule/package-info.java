/**
 * Scheduling of what a service does without input: tasks run at a fixed delay on threads of their own.
 */
@NullMarked
package io.tributary.support.schedule;

import org.jspecify.annotations.NullMarked;
