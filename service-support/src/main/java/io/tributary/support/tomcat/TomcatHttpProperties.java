package io.tributary.support.tomcat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tributary.http.*}: the HTTP services' container rules beyond Boot's {@code server.tomcat.*}.
 *
 * @param headerReadTimeout longest a request line and its headers may take to arrive, all of them,
 *                          counted from the request line's first byte; a client still sending headers
 *                          then is disconnected (Tomcat's {@code connection-timeout} is only an idle
 *                          timeout per read)
 */
@ConfigurationProperties("tributary.http")
public record TomcatHttpProperties(@DefaultValue("10s") Duration headerReadTimeout) {

	public TomcatHttpProperties {
		if (headerReadTimeout.toMillis() < 1) {
			throw new IllegalArgumentException(
					"tributary.http.header-read-timeout must be at least 1ms, not " + headerReadTimeout);
		}
	}

}
