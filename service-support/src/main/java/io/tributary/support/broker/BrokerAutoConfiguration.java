package io.tributary.support.broker;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The services that publish to bound outputs get {@link BoundOutputs}; the query service has no broker. */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.cloud.stream.binder.BinderHeaders")
public final class BrokerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BoundOutputs boundOutputs(BeanFactory beans) {
		return new BoundOutputs(beans);
	}

}
