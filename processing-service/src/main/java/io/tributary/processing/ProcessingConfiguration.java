package io.tributary.processing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.processing.checkpoint.PartitionLeases;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.checkpoint.ReplicaAcknowledgedWrites;
import io.tributary.processing.lookup.RedisLookupTables;
import io.tributary.processing.route.Router;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.stream.AcceptLagReporter;
import io.tributary.processing.stream.GroupCommit;
import io.tributary.processing.stream.RouteRetries;
import io.tributary.processing.stream.RouteStage;
import io.tributary.processing.stream.Ticker;
import io.tributary.processing.stream.WindowStage;
import io.tributary.processing.version.PipelineVersionStore;
import io.tributary.processing.version.PipelineVersioning;
import io.tributary.processing.version.RunningVersions;
import io.tributary.support.broker.BatchMessages;
import io.tributary.support.broker.BinderChoice;
import io.tributary.support.broker.BoundOutputs;
import io.tributary.support.broker.ConfirmedOutputs;
import io.tributary.support.broker.FailureBackoff;
import io.tributary.support.broker.InOrderAcknowledgements;
import io.tributary.support.metrics.HopLatency;
import io.tributary.support.tracing.TraceHeaders;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.Message;

/**
 * Wires the Spring-free pipeline core to the broker and Redis. Binding names, destinations and
 * consumer settings are in application.yml.
 */
@Configuration(proxyBeanMethods = false)
class ProcessingConfiguration {

	@Bean
	PipelineFile pipelineFile(ProcessingProperties properties) {
		return PipelineFileLoader.load(properties.pipelineFile());
	}

	@Bean
	RedisKeys redisKeys(ProcessingProperties properties) {
		return new RedisKeys(properties.namespace());
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	RedisLookupTables lookupTables(StringRedisTemplate redis, RedisKeys keys, PipelineFile file) {
		RedisLookupTables tables = new RedisLookupTables(redis, keys, file.lookups().keySet());
		tables.refresh();
		return tables;
	}

	@Bean
	Router router(PipelineFile file, RedisLookupTables lookups, ProcessingProperties properties, Clock clock) {
		return new Router(file, lookups, properties.processing().partitions(), clock);
	}

	@Bean
	ConfirmedPublisher confirmedPublisher(BoundOutputs outputs, ProcessingProperties properties, Environment environment) {
		return new ConfirmedPublisher(new ConfirmedOutputs(outputs, BinderChoice.of(environment),
				properties.processing().confirmTimeout()));
	}

	@Bean
	RouteRetries routeRetries(ProcessingProperties properties, MeterRegistry meters) {
		ProcessingProperties.Processing settings = properties.processing();
		return new RouteRetries(FailureBackoff.sleeping(settings.failureBackoff(), settings.maxFailureBackoff()),
				settings.maxRetryInPlace(), meters);
	}

	@Bean
	RouteStage routeStage(Router router, ConfirmedPublisher publisher, RouteRetries retries, MeterRegistry meters) {
		return new RouteStage(router, publisher, retries, meters);
	}

	/**
	 * Binding {@code route-in-0}: accepted events to keyed events. The whole batch message (native
	 * decoding: bodies as they came) for each message's headers: the API key's name, the trace
	 * context, which the keyed batches continue from the first event batch of a sampled trace, and
	 * when each was sent (the {@code events} hop; {@link HopLatency}).
	 */
	@Bean
	Consumer<Message<?>> route(RouteStage stage, TraceHeaders traces, MeterRegistry meters) {
		HopLatency latency = new HopLatency(meters, "events", "route");
		return (message) -> {
			List<Map<String, Object>> headers = BatchMessages.headers(message);
			latency.received(headers);
			try (TraceHeaders.InScope span = traces.continueFrom(headers, "route")) {
				latency.handle(() -> stage.handle(message));
			}
		};
	}

	@Bean
	PartitionLeases partitionLeases(StringRedisTemplate redis, RedisKeys keys, ProcessingProperties properties,
			Environment environment) {
		boolean kafka = BinderChoice.of(environment).isKafka();
		String assignment = kafka ? "group"
				: properties.processing().instanceIndex() + "of" + properties.processing().instanceCount();
		String slot = slot(assignment);
		// a static slot (index of count on this host, a StatefulSet pod's name) runs once at a time: a
		// restarted instance takes its predecessor's leases at once, not after their TTL. On Kafka the
		// group's members share one assignment name and may share a host: leases expire as before
		String instanceId = slot + ProcessHandle.current().info().startInstant().orElseGet(Instant::now).toEpochMilli()
				+ ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
		boolean successor = !kafka && properties.processing().takeOverFromEarlierIncarnation();
		return new PartitionLeases(redis, keys, instanceId, properties.processing().leaseTtl(),
				successor ? slot : null);
	}

	/**
	 * The start of this instance's id, {@code assignment@host:}; the id adds the process's start time,
	 * the pid and a random part,
	 * so it is unique per process, never reused by a restart (fencing tells incarnations apart by it),
	 * and readable: the owner key of a partition says which instance holds it.
	 */
	private static String slot(String assignment) {
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			host = "host";
		}
		return assignment + "@" + host + ":";
	}

	@Bean
	RedisCheckpointStore checkpointStore(StringRedisTemplate redis, RedisKeys keys, PartitionLeases leases,
			ObjectProvider<ReplicaAcknowledgedWrites> replicated) {
		return new RedisCheckpointStore(redis, keys, leases, replicated.getIfAvailable());
	}

	/**
	 * Checkpoints that wait for their replicas ({@code WAIT}), on connections of their own from the
	 * client of Spring's connection factory: only with {@code checkpoint.replicas-to-wait} above 0.
	 */
	@Bean
	@ConditionalOnExpression("${tributary.processing.checkpoint.replicas-to-wait:0} > 0")
	ReplicaAcknowledgedWrites replicaAcknowledgedWrites(ProcessingProperties properties,
			LettuceConnectionFactory connections) {
		ProcessingProperties.Processing.Checkpoint checkpoint = properties.processing().checkpoint();
		return new ReplicaAcknowledgedWrites(connections.getRequiredNativeClient(), checkpoint.replicasToWait(),
				checkpoint.replicaWaitTimeout());
	}

	@Bean
	PipelineVersionStore pipelineVersionStore(StringRedisTemplate redis, RedisKeys keys) {
		return new PipelineVersionStore(redis, keys);
	}

	/**
	 * Decided before the window stage restores any state: which version of each pipeline runs, and so
	 * which stored state may be restored (see docs/operations.md, "Changing a pipeline").
	 */
	@Bean
	RunningVersions runningVersions(PipelineFile file, PipelineVersionStore store, ProcessingProperties properties,
			Clock clock) {
		PipelineVersioning versioning = new PipelineVersioning(store, properties.processing().onIncompatibleChange(),
				clock);
		return new RunningVersions(versioning.register(PipelineFingerprint.of(file)));
	}

	/**
	 * On RabbitMQ it serves the statically owned partitions; on Kafka those the consumer group assigns
	 * ({@code KafkaAssignment}).
	 */
	@Bean
	WindowStage windowStage(ProcessingProperties properties, PipelineFile file, RedisCheckpointStore store,
			PartitionLeases leases, ConfirmedPublisher publisher, Clock clock, MeterRegistry meters,
			Environment environment, RunningVersions versions, TraceHeaders traces) {
		ProcessingProperties.Processing settings = properties.processing();
		List<Integer> owned = BinderChoice.of(environment).isKafka() ? List.of() : settings.ownedPartitions();
		ProcessingProperties.Processing.Standby standby = settings.standby();
		boolean standingBy = standby.enabled() && !BinderChoice.of(environment).isKafka();
		WindowStage stage = new WindowStage(owned, file.pipelines().values(), versions.numbers(), store, leases,
				publisher, clock, new WindowStage.Timing(settings.leasePoll(), settings.failureBackoff(),
						settings.maxFailureBackoff(), settings.maxRetryInPlace(), settings.sourceExpiry(),
						standingBy ? new WindowStage.Standby(standby.takeOverAfter(), standby.handBackAfter()) : null),
				meters);
		// the partitions of a delivery, applied at once, publish their results in the delivery's trace
		stage.propagateContextWith(traces::inCurrentSpan);
		return stage;
	}

	/**
	 * Group commit (RabbitMQ's manual acknowledgements) while the window consumer runs: deliveries are
	 * acknowledged with the checkpoint that covers them, before half the consumer's prefetch is
	 * unacknowledged; off before the consumer stops.
	 */
	@Bean
	SmartLifecycle windowGroupCommit(WindowStage stage, ProcessingProperties properties, Environment environment) {
		// without a prefetch set, the binder's is 1: every delivery then commits at once
		int prefetch = environment.getProperty("spring.cloud.stream.rabbit.bindings.window-in-0.consumer.prefetch",
				Integer.class, 1);
		return stage.groupCommitLifecycle(new GroupCommit(
				properties.processing().checkpoint().interval(), Math.max(1, prefetch / 2)));
	}

	/**
	 * Starts the window stage before and stops it after the input bindings (phase
	 * {@link WindowStage#PHASE}): the last checkpoints are written when no input arrives any more.
	 */
	@Bean
	SmartLifecycle windowStageLifecycle(WindowStage stage) {
		return stage.lifecycle();
	}

	/**
	 * Binding {@code window-in-0}: one consumer per owned partition queue. On RabbitMQ (manual
	 * acknowledgements) a delivery is applied and acknowledged, in delivery order, once the checkpoint
	 * that covers it is written (group commit, {@link WindowStage#accept}); on Kafka it is checkpointed
	 * before the binder commits its offset. The result batches a delivery publishes continue the trace
	 * of its first keyed batch of a sampled trace; the {@code keyed} hop is measured from when each
	 * keyed batch was sent ({@link HopLatency}).
	 */
	@Bean
	Consumer<Message<?>> window(WindowStage stage, TraceHeaders traces, MeterRegistry meters) {
		return windowInput(stage, traces, meters);
	}

	/**
	 * Binding {@code windowStandby-in-0} (standby on RabbitMQ, see {@link PartitionOwnership}): the
	 * queues of the partitions other instances own, whose input the broker delivers here only once their
	 * owner's consumer is gone. Applied as {@link #window} applies its input.
	 */
	@Bean
	Consumer<Message<?>> windowStandby(WindowStage stage, TraceHeaders traces, MeterRegistry meters) {
		return windowInput(stage, traces, meters);
	}

	/**
	 * Subscribes the standby consumers after {@code standby.subscribe-after}, when they are bound, and
	 * hands partitions taken over back to their owners.
	 */
	@Bean
	@ConditionalOnExpression("${tributary.processing.standby.enabled:false}")
	SmartLifecycle standbySubscription(ObjectProvider<BindingsLifecycleController> bindings, WindowStage stage,
			ProcessingProperties properties, ConfigurableEnvironment environment) {
		BindingsLifecycleController controller = bindings.getIfAvailable();
		// on Kafka, or an instance that owns every partition: nothing to stand by for
		boolean bound = controller != null && PartitionOwnership.standbyBound(environment);
		return new StandbySubscription(bound ? controller : null, stage,
				properties.processing().standby().subscribeAfter());
	}

	private static Consumer<Message<?>> windowInput(WindowStage stage, TraceHeaders traces, MeterRegistry meters) {
		HopLatency latency = new HopLatency(meters, "keyed", "window");
		InOrderAcknowledgements acknowledgements = new InOrderAcknowledgements();
		return (message) -> {
			List<Map<String, Object>> headers = BatchMessages.headers(message);
			latency.received(headers);
			try (TraceHeaders.InScope span = traces.continueFrom(headers, "window")) {
				if (InOrderAcknowledgements.isManual(message)) {
					latency.handle(() -> acknowledgements.settle(message, () -> stage.accept(BatchMessages.payloads(message))));
				}
				else {
					latency.handle(() -> stage.handle(BatchMessages.payloads(message)));
				}
			}
		};
	}

	/** This instance's accept lag in Redis, for ingestion's admission control (docs/operations.md, "Backpressure"). */
	@Bean
	AcceptLagReporter acceptLagReporter(WindowStage stage, StringRedisTemplate redis, RedisKeys keys, Clock clock) {
		return new AcceptLagReporter(stage, redis, keys, clock);
	}

	@Bean
	Ticker ticker(WindowStage windows, RedisLookupTables lookups, ProcessingProperties properties) {
		return new Ticker(windows, lookups, properties.processing().tickInterval(),
				properties.processing().lookupRefresh());
	}

}
