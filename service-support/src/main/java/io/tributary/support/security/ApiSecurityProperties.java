package io.tributary.support.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tributary.security.*}: whether keys are required (on unless {@code enabled=false}, the
 * local-development switch), the configured keys, the keys file and how often it is checked, whether
 * the OpenAPI docs are open, and the dashboard's browser sessions.
 *
 * @param enabled          keys required on every endpoint but the probes; {@code false} turns all of it off
 * @param keys             keys given in configuration ({@code keys[0].name}, {@code .digest}, {@code .scopes})
 * @param keysFile         a file of keys ({@code NAME DIGEST SCOPES} a line), re-read when it changes
 * @param keysFileCheck    how often the keys file is checked for changes (at most)
 * @param openApiDocs      the OpenAPI description and Swagger UI without a key
 * @param browserSessions  the dashboard's login endpoint ({@code /api/v1/session}): a key exchanged for a
 *                         session cookie that allows {@code query} reads
 * @param sessionTimeout   how long a browser session lives without a request
 * @param requireKeys      refuse to start, with keys on, when no key is configured and no keys file exists
 *                         (services without an API of their own, whose keys only guard the actuator, set it false)
 */
@ConfigurationProperties("tributary.security")
public record ApiSecurityProperties(@DefaultValue("true") boolean enabled, @DefaultValue List<Key> keys,
		@Nullable Path keysFile, @DefaultValue("2s") Duration keysFileCheck, @DefaultValue("false") boolean openApiDocs,
		@DefaultValue("false") boolean browserSessions, @DefaultValue("30m") Duration sessionTimeout,
		@DefaultValue("true") boolean requireKeys) {

	/**
	 * One configured key.
	 *
	 * @param name   what logs show
	 * @param digest SHA-256 of the key, hex
	 * @param scopes ingest, lookups, query, admin
	 */
	public record Key(String name, String digest, List<String> scopes) {
	}

	List<ApiKey> configuredKeys() {
		return this.keys.stream().map((k) -> ApiKey.of(k.name(), k.digest(), k.scopes())).toList();
	}

}
