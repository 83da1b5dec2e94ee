package io.tributary.support.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a key may do: post events, write lookup tables, read results, or everything ({@code admin}). */
public enum Scope {

	/** Post events to a stream. */
	INGEST,

	/** Write (and read) lookup tables. */
	LOOKUPS,

	/** Every read of the query service: results, roll-ups, top keys, alerts, records, pipelines, live streams. */
	QUERY,

	/** Everything: the other scopes and the administrative endpoints (actuator beyond health). */
	ADMIN;

	/** The scope's name in configuration and the keys file: {@code ingest}, {@code lookups}, ... */
	public String configName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The authority a request needs for this scope. */
	public String authority() {
		return "SCOPE_" + configName();
	}

	/** The scope named {@code name} (case-insensitive); a clear failure for any other name. */
	public static Scope named(String name) {
		for (Scope scope : values()) {
			if (scope.configName().equalsIgnoreCase(name.trim())) {
				return scope;
			}
		}
		throw new IllegalArgumentException("unknown scope '" + name + "' (known: ingest, lookups, query, admin)");
	}

	/** The authorities a key with these scopes holds: {@code admin} implies all the others. */
	static Set<GrantedAuthority> authorities(Set<Scope> scopes) {
		Set<Scope> effective = scopes.contains(ADMIN) ? EnumSet.allOf(Scope.class) : scopes;
		return effective.stream().map((s) -> (GrantedAuthority) new SimpleGrantedAuthority(s.authority()))
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
	}

}
