/**
 * Starts the four service jars as separate processes, waits for readiness, kills and restarts them.
 */
@NullMarked
package io.tributary.systemtests.launch;

import org.jspecify.annotations.NullMarked;
