/** Configuration rules the services share: the namespace check. */
@NullMarked
package io.tributary.support.config;

import org.jspecify.annotations.NullMarked;
