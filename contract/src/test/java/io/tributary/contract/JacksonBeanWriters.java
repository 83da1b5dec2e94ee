package io.tributary.contract;

import java.time.Instant;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.smile.SmileFactory;
import tools.jackson.dataformat.smile.SmileMapper;
import tools.jackson.dataformat.smile.SmileWriteFeature;

/**
 * The independent reference for the wire format's record writers: plain Jackson mappers that write
 * every record with Jackson's own bean serialisation, and instants with the wire format's instant
 * writer (whose text {@link WireInstantWriterTests} checks on its own); the Smile one with the
 * wire format's Smile features.
 */
final class JacksonBeanWriters {

	private static final JsonMapper JSON = JsonMapper.builder().addModule(instants()).build();

	private static final SmileMapper SMILE = SmileMapper
		.builder(SmileFactory.builder()
			.enable(SmileWriteFeature.WRITE_HEADER, SmileWriteFeature.CHECK_SHARED_NAMES,
					SmileWriteFeature.CHECK_SHARED_STRING_VALUES)
			.build())
		.addModule(instants())
		.build();

	private JacksonBeanWriters() {
	}

	static ObjectMapper of(WireFormat.Encoding encoding) {
		return (encoding == WireFormat.Encoding.SMILE) ? SMILE : JSON;
	}

	/** What Jackson's bean serialisation writes of the value. */
	static byte[] write(Object value, WireFormat.Encoding encoding) {
		return of(encoding).writeValueAsBytes(value);
	}

	private static SimpleModule instants() {
		return new SimpleModule("reference-instants").addSerializer(Instant.class, new WireInstantWriter());
	}

}
