/**
 * The contract shared by all Tributary services: the records that travel between them, their JSON
 * wire format, broker destination names and the Redis key layout.
 */
@NullMarked
package io.tributary.contract;

import org.jspecify.annotations.NullMarked;
