package io.tributary.storage.notify;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.NotifyTarget;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.storage.StorageProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires alert delivery: checks at start-up that every target a rule names is configured, and runs
 * the deliverer for the pipelines whose rules notify someone while the service runs.
 */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

	@Bean
	AlertDeliverer alertDeliverer(StorageProperties properties, PipelineFile pipelineFile, StringRedisTemplate redis,
			MeterRegistry registry, ObjectProvider<Clock> clockProvider) {
		StorageProperties.Notify notify = properties.notifications();
		List<String> pipelines = pipelinesToDeliver(pipelineFile, notify);
		Clock clock = clockProvider.getIfAvailable(Clock::systemUTC);
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(notify.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		DeliveryJobs jobs = new DeliveryJobs(redis, new RedisKeys(properties.namespace()),
				"storage-" + UUID.randomUUID());
		return new AlertDeliverer(jobs, new WebhookSender(client, notify.timeout(), clock),
				new DeliveryMetrics(registry, notify.warnInterval(), notify.targets().keySet()), notify, pipelines,
				clock);
	}

	@Bean
	SmartLifecycle alertDelivery(AlertDeliverer deliverer) {
		return new SmartLifecycle() {

			@Override
			public void start() {
				deliverer.start();
			}

			@Override
			public void stop() {
				deliverer.stop();
			}

			@Override
			public boolean isRunning() {
				return deliverer.isRunning();
			}

		};
	}

	/**
	 * The pipelines with a rule that notifies someone.
	 * @throws PipelineFileException naming each place a rule names a target the configuration lacks
	 */
	static List<String> pipelinesToDeliver(PipelineFile file, StorageProperties.Notify notify) {
		List<String> pipelines = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (PipelineDefinition pipeline : file.pipelines().values()) {
			boolean notifies = false;
			for (AlertRule rule : pipeline.alerts()) {
				for (NotifyTarget target : rule.notifyTargets()) {
					notifies = true;
					if (!notify.targets().containsKey(target.name())) {
						problems.add(target.location() + ": unknown notification target '" + target.name()
								+ "'; configured targets: " + notify.targets().keySet().stream().sorted().toList()
								+ " (declare it as tributary.notify.targets." + target.name() + ".url)");
					}
				}
			}
			if (notifies) {
				pipelines.add(pipeline.name());
			}
		}
		if (!problems.isEmpty()) {
			throw new PipelineFileException(file.source(), problems);
		}
		return pipelines;
	}

}
