package io.tributary.support.security;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Tags the HTTP server metrics ({@code http.server.requests}) with the name of the request's key,
 * {@code api.key} ({@code none} without one): key names are few and chosen by the operator, so the
 * tag stays of low cardinality. The name comes from a request attribute, because the security
 * context is gone when the request's observation ends.
 */
final class KeyNameTag extends DefaultServerRequestObservationConvention {

	/** The request attribute that holds the key's name once the request is authenticated. */
	static final String ATTRIBUTE = KeyNameTag.class.getName() + ".name";

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		Object name = context.getCarrier().getAttribute(ATTRIBUTE);
		return super.getLowCardinalityKeyValues(context)
			.and(KeyValue.of("api.key", (name instanceof String s) ? s : "none"));
	}

}
