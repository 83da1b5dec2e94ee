package io.tributary.storage.store;

import java.time.Clock;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.storage.StorageProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Wires the result store to the pipeline file's retentions and to Spring's Lettuce connection. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	/** Loaded at start-up so that a bad file stops the service with the loader's message. */
	@Bean
	PipelineFile pipelineFile(StorageProperties properties) {
		return PipelineFileLoader.load(properties.pipelineFile());
	}

	@Bean
	ResultStore resultStore(StorageProperties properties, PipelineFile pipelineFile,
			LettuceConnectionFactory connectionFactory, ObjectProvider<Clock> clock) {
		StorageProperties.Storage storage = properties.storage();
		WriteSettings settings = new WriteSettings(new RedisKeys(properties.namespace()),
				Retentions.of(pipelineFile, storage.defaultRetention()), storage.deadLetterRetention(),
				storage.expiryMargin(), storage.trimLimit(), AlertTargets.of(pipelineFile));
		ScriptRunner runner = new ScriptRunner(new SharedConnectionAccess(connectionFactory), storage.writeTimeout(),
				new ReplicaWait(storage.replicasToWait(), storage.replicaWaitTimeout()));
		return new ResultStore(settings, runner, clock.getIfAvailable(Clock::systemUTC));
	}

	/**
	 * While Redis is unreachable, fail commands at once instead of buffering them: the batch goes
	 * back to the broker, and nothing is re-sent behind our back when the connection returns.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (builder) -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/** Borrows the factory's shared native connection for one unit of work. */
	private record SharedConnectionAccess(LettuceConnectionFactory factory) implements RedisAccess {

		@Override
		public <T> T withCommands(Function<RedisClusterAsyncCommands<byte[], byte[]>, T> work) {
			try (RedisConnection connection = this.factory.getConnection()) {
				return work.apply(((LettuceConnection) connection).getNativeConnection());
			}
		}

	}

}
