package io.tributary.ingestion;

import java.time.Clock;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.ingestion.intake.EventIntake;
import io.tributary.ingestion.intake.StreamCatalog;
import io.tributary.ingestion.lookup.LookupStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires the Spring-free core: the pipeline file (loaded once at start-up; a bad file fails start-up
 * with the loader's message), the stream catalog built from it, the intake, and the lookup store.
 */
@Configuration(proxyBeanMethods = false)
class IngestionConfiguration {

	@Bean
	PipelineFile pipelineFile(IngestionProperties properties) {
		return PipelineFileLoader.load(properties.pipelineFile());
	}

	@Bean
	StreamCatalog streamCatalog(PipelineFile pipelineFile) {
		return StreamCatalog.of(pipelineFile);
	}

	@Bean
	EventIntake eventIntake(StreamCatalog catalog, IngestionProperties properties) {
		return new EventIntake(catalog, properties.ingestion().readLimits(), properties.ingestion().maxReportedErrors(),
				Clock.systemUTC());
	}

	@Bean
	RedisKeys redisKeys(IngestionProperties properties) {
		return new RedisKeys(properties.namespace());
	}

	@Bean
	LookupStore lookupStore(StringRedisTemplate redis, RedisKeys keys, StreamCatalog catalog,
			IngestionProperties properties) {
		return new LookupStore(redis, keys, catalog.lookupTables(), properties.ingestion().readLimits().constraints());
	}

	/** The OpenAPI description's header ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}). */
	@Bean
	OpenAPI openApi() {
		return new OpenAPI().info(new Info().title("Tributary ingestion API")
			.version("v1")
			.description("Send events to the streams of the pipeline file (JSON object, array or NDJSON; 202 only once the broker has them) and load lookup tables; operators (scope admin) redrive dead letters and resend failed alert deliveries. Errors are RFC 9457 problem details naming each bad event."));
	}

}
