/**
 * Alert rules of a pipeline, judged on each fired window of each key: thresholds over the metrics
 * and anomaly detection against a key's own history (exponentially weighted mean and variance),
 * with the open -> resolved lifecycle and state that checkpoints with the windows. Plain Java.
 * {@link io.tributary.processing.alert.AlertTracker} composes the parts: judging a rule, the alert
 * lifecycle, the retention sweep and the state codec.
 */
@NullMarked
package io.tributary.processing.alert;

import org.jspecify.annotations.NullMarked;
