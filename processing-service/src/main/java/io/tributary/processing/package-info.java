/**
 * The processing service: Spring wiring around the plain-Java pipeline core (route stage in
 * {@code pipeline}, windowing in {@code window}, {@code aggregate} and {@code engine}).
 */
@NullMarked
package io.tributary.processing;

import org.jspecify.annotations.NullMarked;
