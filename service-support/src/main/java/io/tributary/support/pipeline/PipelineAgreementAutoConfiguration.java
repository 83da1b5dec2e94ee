package io.tributary.support.pipeline;

import java.time.Duration;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.contract.pipeline.PipelineVersion;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The {@code pipelines} health contributor ({@link PipelineAgreement}) in every service that loads a
 * pipeline file and has Redis and actuator. {@code tributary.pipeline-agreement.interval} (default
 * 15s) sets how often it compares; {@code tributary.pipeline-agreement.enabled=false} turns it off.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, StringRedisTemplate.class })
@ConditionalOnBooleanProperty(name = "tributary.pipeline-agreement.enabled", matchIfMissing = true)
@ConditionalOnBean({ PipelineFile.class, StringRedisTemplate.class })
public final class PipelineAgreementAutoConfiguration {

	@Bean
	PipelineAgreement pipelinesHealthIndicator(PipelineFile file, StringRedisTemplate redis, Environment environment) {
		RedisKeys keys = new RedisKeys(environment.getProperty("tributary.namespace", "tributary"));
		Duration interval = environment.getProperty("tributary.pipeline-agreement.interval", Duration.class,
				Duration.ofSeconds(15));
		return new PipelineAgreement(PipelineFingerprint.of(file),
				(pipeline) -> PipelineVersion.fromHash(pipeline,
						redis.<String, String>opsForHash().entries(keys.pipelineVersion(pipeline))),
				interval);
	}

}
