package io.tributary.query.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keys are user data and may contain '/'. In a path ({@code /keys/{key}/latest}) such a key is
 * sent as {@code %2F}, which Tomcat rejects by default with an HTML page. Passing it through
 * lets Spring MVC match the encoded segment and decode the variable, so the key arrives whole.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	@Bean
	TomcatConnectorCustomizer encodedSlashInPathVariables() {
		return (connector) -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
	}

}
