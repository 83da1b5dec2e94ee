package io.tributary.support.tomcat;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;

/** The container rules of the HTTP services (ingestion, query), active where they run on Tomcat. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
@EnableConfigurationProperties(TomcatHttpProperties.class)
public class TomcatAutoConfiguration {

	@Bean
	TomcatHardening tributaryTomcatHardening(TomcatHttpProperties properties) {
		return new TomcatHardening(properties);
	}

}
