package io.tributary.support.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.Headers;

import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.cloud.stream.binder.kafka.common.BinderHeaderMapper;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeTypeUtils;

/**
 * The Kafka binder's header mapper, made safe for records from any producer. Other producers send
 * header values as plain bytes, but the binder's message conversion insists on a {@code contentType}
 * that is a string holding a valid MIME type and fails the delivery otherwise: with redelivery on
 * failure, one such record would block its partition forever. Here a byte-valued {@code contentType}
 * and {@code message_id} become strings, and a content type that is not a MIME type is moved to
 * {@link #INVALID_CONTENT_TYPE}, so that the service itself sees the record and can reject it with
 * a reason. Registered as the bean {@code kafkaBinderHeaderMapper}, which the binder picks up.
 */
public class RecordHeaderMapper extends BinderHeaderMapper {

	/** Where an unusable {@code contentType} header value goes. */
	public static final String INVALID_CONTENT_TYPE = "tributary_invalidContentType";

	/** The bean name the Kafka binder looks for. */
	public static final String BEAN_NAME = "kafkaBinderHeaderMapper";

	@Override
	public void toHeaders(Headers source, Map<String, Object> headers) {
		super.toHeaders(source, headers);
		if (!headers.isEmpty()) {
			// as the binder's own default mapper does
			headers.put(BinderHeaders.NATIVE_HEADERS_PRESENT, Boolean.TRUE);
		}
		text(headers, "message_id");
		text(headers, MessageHeaders.CONTENT_TYPE);
		Object contentType = headers.get(MessageHeaders.CONTENT_TYPE);
		if (contentType instanceof String value) {
			try {
				MimeTypeUtils.parseMimeType(value);
			}
			catch (InvalidMimeTypeException ex) {
				headers.remove(MessageHeaders.CONTENT_TYPE);
				headers.put(INVALID_CONTENT_TYPE, value);
			}
		}
		else if (contentType != null && !(contentType instanceof org.springframework.util.MimeType)) {
			headers.remove(MessageHeaders.CONTENT_TYPE);
			headers.put(INVALID_CONTENT_TYPE, contentType.toString());
		}
	}

	private static void text(Map<String, Object> headers, String name) {
		if (headers.get(name) instanceof byte[] bytes) {
			headers.put(name, new String(bytes, StandardCharsets.UTF_8));
		}
	}

}
