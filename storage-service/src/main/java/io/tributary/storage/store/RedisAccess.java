package io.tributary.storage.store;

import java.util.function.Function;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * Lends Lettuce's asynchronous commands for one unit of work. Commands issued without waiting
 * for each other's replies go out pipelined on the connection.
 */
@FunctionalInterface
interface RedisAccess {

	<T> T withCommands(Function<RedisClusterAsyncCommands<byte[], byte[]>, T> work);

}
