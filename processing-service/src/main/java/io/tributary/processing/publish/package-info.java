/** Publishing to the broker with publisher confirms: a publish is done only when confirmed. */
@NullMarked
package io.tributary.processing.publish;

import org.jspecify.annotations.NullMarked;
