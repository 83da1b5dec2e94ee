package io.tributary.support.broker;

import org.springframework.core.env.PropertyResolver;

/**
 * Which binder the services run on: RabbitMQ's unless {@value #PROPERTY} is {@code kafka}, which the
 * Spring profile {@code kafka} sets. The one place that reads the choice; conditions on it are
 * {@link ConditionalOnRabbitBinder} and {@link ConditionalOnKafkaBinder}.
 */
public enum BinderChoice {

	RABBIT, KAFKA;

	/** The property that chooses; both binders are in every service's jar. */
	public static final String PROPERTY = "spring.cloud.stream.default-binder";

	/** The binder of this environment (also usable before the context exists). */
	public static BinderChoice of(PropertyResolver environment) {
		return "kafka".equals(environment.getProperty(PROPERTY)) ? KAFKA : RABBIT;
	}

	public boolean isKafka() {
		return this == KAFKA;
	}

}
