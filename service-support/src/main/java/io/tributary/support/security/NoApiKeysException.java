package io.tributary.support.security;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Keys are on, the service requires them, and there is nowhere a key could come from: no key in
 * configuration and no keys file (none named, or the one named does not exist). The service would
 * refuse every request, so it does not start ({@code StartupFailureAnalyzer} says what to set).
 */
public final class NoApiKeysException extends IllegalStateException {

	public NoApiKeysException(@Nullable Path keysFile) {
		super("API keys are on (tributary.security.enabled) but this service has none: no key in tributary.security.keys"
				+ " and " + ((keysFile == null) ? "no keys file (tributary.security.keys-file)"
						: "the keys file " + keysFile + " (tributary.security.keys-file) does not exist"));
	}

}
