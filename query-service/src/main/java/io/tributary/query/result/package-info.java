/**
 * Window results of a pipeline's keys: a key's results over a time range (paginated), its latest
 * result, and the keys of a pipeline. Reads the layout storage-service writes (contract RedisKeys).
 */
@NullMarked
package io.tributary.query.result;

import org.jspecify.annotations.NullMarked;
