package io.tributary.query.pipeline;

import java.time.Instant;

/**
 * The version of a pipeline that processing runs (see docs/operations.md, "Changing a pipeline").
 *
 * @param number      grows by one with each incompatible change of the definition; results of an
 *                    older version stay stored until their retention
 * @param since       when this version began
 * @param fingerprint of what the pipeline's window state depends on
 * @param digest      of the whole definition processing runs
 * @param inSync      whether this service loaded the same definition (the same digest)
 */
record PipelineVersionView(long number, Instant since, String fingerprint, String digest, boolean inSync) {
}
