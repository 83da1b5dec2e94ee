/**
 * The processing service: Spring wiring around the plain-Java pipeline core (route stage in
 * {@code route}, the window operator in {@code window}, its assigners in {@code window.assign},
 * alert rules in {@code alert}, event-time arithmetic in {@code time}).
 */
@NullMarked
package io.tributary.processing;

import org.jspecify.annotations.NullMarked;
