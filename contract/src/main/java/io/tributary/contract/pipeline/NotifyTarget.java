package io.tributary.contract.pipeline;

import java.util.Objects;

/**
 * A notification target an alert rule names ({@code notify: [ops-hook]}): only the name. Where it
 * delivers (URL, secret, payload format) is configuration of the service that delivers, never the
 * pipeline file, so secrets stay out of it.
 *
 * @param name     the target's name, as the configuration declares it
 * @param location where the name is written, for a start-up error about an unknown target
 */
public record NotifyTarget(String name, String location) {

	public NotifyTarget {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(location, "location");
	}

}
