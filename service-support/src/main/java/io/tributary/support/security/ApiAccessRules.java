package io.tributary.support.security;

import jakarta.servlet.DispatcherType;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Which scope each endpoint needs. The probes are open; the OpenAPI docs need a key unless
 * {@code open-api-docs}; the dashboard's page and scripts are open (they hold no data, and the page
 * asks for a key); the actuator beyond health and anything not named here need {@code admin}, so an
 * endpoint added later is closed until it is given its scope.
 */
final class ApiAccessRules {

	static final String[] API_DOCS = { "/v3/api-docs*", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**" };

	static final String[] DASHBOARD_PAGE = { "/", "/index.html", "/dashboard/**", "/favicon.ico" };

	private ApiAccessRules() {
	}

	static Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> of(
			ApiSecurityProperties properties) {
		return (rules) -> {
			// an error page or the rest of a live stream is for a request that was let through already
			rules.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
			rules.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll();
			rules.requestMatchers("/actuator", "/actuator/**").hasAuthority(Scope.ADMIN.authority());
			rules.requestMatchers(HttpMethod.POST, "/api/v1/streams/*/events").hasAuthority(Scope.INGEST.authority());
			rules.requestMatchers("/api/v1/lookups/**").hasAuthority(Scope.LOOKUPS.authority());
			// reads included: dead letters hold other publishers' data, and redrives change results
			rules.requestMatchers("/api/v1/admin/**").hasAuthority(Scope.ADMIN.authority());
			// ingestion: a resend of failed alert deliveries sends alerts to their receivers again
			rules.requestMatchers(HttpMethod.POST, "/api/v1/pipelines/*/alerts/deliveries/failed/**")
				.hasAuthority(Scope.ADMIN.authority());
			if (properties.browserSessions()) {
				rules.requestMatchers(HttpMethod.GET, BrowserSessions.PATH).permitAll();
				rules.requestMatchers(HttpMethod.DELETE, BrowserSessions.PATH).permitAll();
				rules.requestMatchers(HttpMethod.POST, BrowserSessions.PATH).hasAuthority(Scope.QUERY.authority());
			}
			rules.requestMatchers(HttpMethod.GET, "/api/**").hasAuthority(Scope.QUERY.authority());
			if (properties.openApiDocs()) {
				rules.requestMatchers(HttpMethod.GET, API_DOCS).permitAll();
			}
			else {
				rules.requestMatchers(HttpMethod.GET, API_DOCS).authenticated();
			}
			rules.requestMatchers(HttpMethod.GET, DASHBOARD_PAGE).permitAll();
			rules.anyRequest().hasAuthority(Scope.ADMIN.authority());
		};
	}

}
