/** Start-up failures reported so that an operator can act on them, for every service. */
@NullMarked
package io.tributary.support.diagnostics;

import org.jspecify.annotations.NullMarked;
