/**
 * Event time in plain Java: saturating arithmetic on epoch milliseconds, shared by the window
 * operator and the alert rules.
 */
@NullMarked
package io.tributary.processing.time;

import org.jspecify.annotations.NullMarked;
