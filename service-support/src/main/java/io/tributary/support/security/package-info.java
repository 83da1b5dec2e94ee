/**
 * API keys with scopes on the services' HTTP endpoints, built on Spring Security's
 * {@code AuthenticationFilter}: keys named and stored only as SHA-256 digests, loaded from
 * configuration and a keys file that is re-read when it changes, and browser sessions for the
 * dashboard.
 */
@NullMarked
package io.tributary.support.security;

import org.jspecify.annotations.NullMarked;
