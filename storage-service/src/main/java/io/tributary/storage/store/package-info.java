/**
 * Writes result batches into Redis: one Lua script per record, each idempotent (guarded by
 * revision or by record id), pipelined over Lettuce's asynchronous API. Free of Spring; the
 * configuration class only wires it.
 */
@NullMarked
package io.tributary.storage.store;

import org.jspecify.annotations.NullMarked;
