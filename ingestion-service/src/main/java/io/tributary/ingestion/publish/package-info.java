/**
 * Publishing accepted events to processing, through the Spring Cloud Stream output binding, with
 * publisher confirms and returns: a publish succeeds only when the broker took responsibility.
 */
@NullMarked
package io.tributary.ingestion.publish;

import org.jspecify.annotations.NullMarked;
