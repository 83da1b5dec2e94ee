package io.tributary.ingestion.alertdelivery;

import io.tributary.contract.RedisKeys;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the resend of failed alert deliveries: the records' reader and the script that resends one. */
@Configuration(proxyBeanMethods = false)
class AlertDeliveryConfiguration {

	@Bean
	FailedDeliveries failedDeliveries(StringRedisTemplate redis, RedisKeys keys) {
		return new FailedDeliveries(redis, keys);
	}

	@Bean
	DeliveryResender deliveryResender(StringRedisTemplate redis, RedisKeys keys) {
		return new DeliveryResender(redis, keys);
	}

}
