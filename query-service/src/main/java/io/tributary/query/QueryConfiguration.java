package io.tributary.query;

import java.time.Clock;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every query needs: the Redis key layout under our namespace, and the pipeline file, loaded
 * once at start-up so that a bad file stops the service instead of every request; and the header of
 * the OpenAPI description.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryProperties.class)
public class QueryConfiguration {

	@Bean
	RedisKeys redisKeys(QueryProperties properties) {
		return new RedisKeys(properties.namespace());
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	PipelineFile pipelineFile(QueryProperties properties) {
		return PipelineFileLoader.load(properties.pipelineFile());
	}

	/** The OpenAPI description's header ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}). */
	@Bean
	OpenAPI openApi() {
		return new OpenAPI().info(new Info().title("Tributary query API")
			.version("v1")
			.description("Window results, roll-ups and top keys, late and dead-lettered event records, and live result streams (Server-Sent Events) of the pipelines in the pipeline file. Errors are RFC 9457 problem details."));
	}

}
