package io.tributary.contract;

import java.io.ByteArrayOutputStream;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;

/**
 * JSON documents as Smile documents token for token (the same names, the same values in the same
 * shapes), for tests that read one document in both encodings.
 */
final class SmileCopies {

	private SmileCopies() {
	}

	/** The Smile document of the JSON text, written by the wire format's Smile writer. */
	static byte[] of(String json) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonParser p = WireFormat.mapper().createParser(json);
				JsonGenerator g = WireFormat.mapper(WireFormat.Encoding.SMILE).createGenerator(out)) {
			p.nextToken();
			g.copyCurrentStructure(p);
		}
		return out.toByteArray();
	}

}
