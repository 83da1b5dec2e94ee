package io.tributary.contract;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Reads the instants of the wire format quickly. Every event carries two, and Jackson's own reader
 * goes through {@link DateTimeFormatter#ISO_INSTANT}, which was a sixth of the processing service's
 * CPU at load. The wire format writes UTC instants as {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}: that shape
 * is read directly ({@link UtcInstants}); anything else (another year range, a leap second, an
 * offset, a number) goes to Jackson's reader, so what is accepted and what each string means are
 * unchanged.
 */
final class WireInstants extends InstantDeserializer<Instant> {

	WireInstants() {
		super(InstantDeserializer.INSTANT, DateTimeFormatter.ISO_INSTANT);
	}

	@Override
	protected Instant _fromString(JsonParser p, DeserializationContext ctxt, String string) {
		Instant instant = UtcInstants.parse(string);
		return (instant != null) ? instant : super._fromString(p, ctxt, string);
	}

}
