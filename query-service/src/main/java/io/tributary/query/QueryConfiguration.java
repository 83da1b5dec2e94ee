package io.tributary.query;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two things every query needs: the Redis key layout under our namespace, and the pipeline
 * file, loaded once at start-up so that a bad file stops the service instead of every request.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryProperties.class)
public class QueryConfiguration {

	@Bean
	RedisKeys redisKeys(QueryProperties properties) {
		return new RedisKeys(properties.namespace());
	}

	@Bean
	PipelineFile pipelineFile(QueryProperties properties) {
		return PipelineFileLoader.load(properties.pipelineFile());
	}

}
