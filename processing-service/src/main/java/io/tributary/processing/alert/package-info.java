/**
 * Alert rules of a pipeline, judged on each fired window of each key: thresholds over the metrics
 * and anomaly detection against a key's own history (exponentially weighted mean and variance),
 * with the open -> resolved lifecycle and state that checkpoints with the windows. Plain Java.
 */
@NullMarked
package io.tributary.processing.alert;

import org.jspecify.annotations.NullMarked;
