/**
 * Every service checks that it loaded the same pipeline definitions processing runs, and says so in
 * its health ({@code pipelines}) and its log.
 */
@NullMarked
package io.tributary.support.pipeline;

import org.jspecify.annotations.NullMarked;
