package io.tributary.support.security;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.SessionCookieConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * API keys on every HTTP endpoint of a service that has Spring Security, unless
 * {@code tributary.security.enabled=false} (local development: everything open, with a warning at
 * start-up). A service that requires keys ({@code require-keys}, the default) does not start when there
 * is nowhere a key could come from (no configured key, no keys file); one whose keys file exists but
 * holds none starts, warns, and refuses every request but the probes with 401 until a key is added.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ ApiSecurityProperties.class, RateLimitProperties.class })
@EnableWebSecurity
public final class ApiSecurityAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ApiSecurityAutoConfiguration.class);

	@Bean
	KeyRing apiKeyRing(ApiSecurityProperties properties) {
		Path file = properties.keysFile();
		KeyRing ring = new KeyRing(properties.configuredKeys(), file, properties.keysFileCheck());
		if (!properties.enabled()) {
			log.warn("API keys are OFF (tributary.security.enabled=false): every endpoint is open to whoever reaches "
					+ "this port. Use this for local development only.");
		}
		else if (ring.current().isEmpty() && properties.requireKeys() && (file == null || !Files.exists(file))) {
			throw new NoApiKeysException(file);
		}
		else if (ring.current().isEmpty()) {
			log.warn("API keys are on but no key is configured (tributary.security.keys, tributary.security.keys-file{}): "
					+ "every request but the health probes is refused with 401 until a key is added.",
					(file != null && !Files.exists(file)) ? " " + file + " does not exist" : "");
		}
		else {
			log.info("API keys required: {} key(s) in force{}", ring.current().size(),
					(file != null) ? ", keys file " + file + " checked every " + properties.keysFileCheck() : "");
		}
		return ring;
	}

	/** A bean of its own, so that Boot does not set up its generated-password user. */
	@Bean
	KeyCheck apiKeyCheck(KeyRing ring) {
		return new KeyCheck(ring);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "tributary.security.enabled", matchIfMissing = true)
	SecurityFilterChain apiKeySecurityFilterChain(HttpSecurity http, ApiSecurityProperties properties, KeyRing ring,
			KeyCheck check, ObjectProvider<RateLimits> rateLimits) throws Exception {
		SecurityProblems problems = new SecurityProblems();
		AuthenticationFilter keys = new AuthenticationFilter(new ProviderManager(check), new KeyHeaders());
		keys.setSuccessHandler((request, response, authentication) -> {
		});
		keys.setFailureHandler(problems);
		http.addFilterAt(keys, BasicAuthenticationFilter.class);
		http.addFilterAfter(new KeyNameLogging(ring), BasicAuthenticationFilter.class);
		rateLimits.ifAvailable((limits) -> http.addFilterAfter(new RateLimitFilter(limits), KeyNameLogging.class));
		http.authorizeHttpRequests(ApiAccessRules.of(properties));
		http.exceptionHandling((e) -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		http.requestCache((c) -> c.disable());
		http.logout((l) -> l.disable());
		http.formLogin((f) -> f.disable());
		http.httpBasic((b) -> b.disable());
		if (properties.browserSessions()) {
			RequestMatcher session = pathPattern(BrowserSessions.PATH);
			http.csrf((c) -> c.requireCsrfProtectionMatcher(
					(request) -> session.matches(request) && !"GET".equals(request.getMethod())));
			http.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED));
		}
		else {
			// header keys are no ambient credential: nothing for a forged cross-site request to ride on
			http.csrf((c) -> c.disable());
			http.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		}
		return http.build();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "tributary.security.enabled", havingValue = false)
	SecurityFilterChain openSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((rules) -> rules.anyRequest().permitAll());
		http.csrf((c) -> c.disable());
		http.requestCache((c) -> c.disable());
		http.logout((l) -> l.disable());
		http.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	/**
	 * Result keys and stream names are arbitrary text, so a path may carry an encoded {@code /} or
	 * {@code %} in a variable (the query service lets Tomcat pass them through); Spring MVC and the
	 * access rules split the path the same way, on literal slashes only.
	 */
	@Bean
	WebSecurityCustomizer encodedPathVariables() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		firewall.setAllowUrlEncodedPercent(true);
		return (web) -> web.httpFirewall(firewall);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "tributary.security.browser-sessions")
	BrowserSessions browserSessions(ApiSecurityProperties properties) {
		return new BrowserSessions(properties.sessionTimeout(), properties.enabled());
	}

	/** HTTP server metrics name the request's key ({@code api_key} in Prometheus). */
	@Bean
	@ConditionalOnBooleanProperty(name = "tributary.security.enabled", matchIfMissing = true)
	@ConditionalOnMissingBean(ServerRequestObservationConvention.class)
	KeyNameTag keyNameMetricsTag() {
		return new KeyNameTag();
	}

	/** The session cookie is HttpOnly and SameSite=Strict; Tomcat marks it Secure on HTTPS requests. */
	@Bean
	@ConditionalOnBooleanProperty(name = "tributary.security.browser-sessions")
	ServletContextInitializer strictSessionCookie() {
		return (context) -> {
			SessionCookieConfig cookie = context.getSessionCookieConfig();
			cookie.setHttpOnly(true);
			cookie.setAttribute("SameSite", "Strict");
		};
	}

}
