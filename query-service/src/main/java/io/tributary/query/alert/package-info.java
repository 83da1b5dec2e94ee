/**
 * Alerts of a pipeline as storage keeps them: open and resolved, newest first, by key.
 */
@NullMarked
package io.tributary.query.alert;

import org.jspecify.annotations.NullMarked;
