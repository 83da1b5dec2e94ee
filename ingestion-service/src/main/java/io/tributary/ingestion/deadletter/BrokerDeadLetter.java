package io.tributary.ingestion.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import io.tributary.contract.WireFormat;
import org.jspecify.annotations.Nullable;

/**
 * One message of a broker dead-letter queue as the API shows it.
 *
 * @param id          the publisher's message id, else {@code sha256:} and a digest of routing key and
 *                    body: what a redrive names it by, and the message id a redrive publishes it with
 * @param reason      why it was dead-lettered (the {@code x-tributary-reject-reason} header)
 * @param exchange    where it was published before it was dead-lettered, if known
 * @param routingKey  its routing key there (on the ingest exchange: the stream), if known
 * @param contentType its content type, if set
 * @param size        its body's length in bytes
 * @param body        its body as text, cut at {@link #MAX_BODY} bytes; a Smile or binary body (an internal hop's
 *                    message, {@link WireFormat}) as the JSON it encodes; null when not UTF-8 text, or Smile or binary that cannot be read
 * @param truncated   whether the body shown is cut
 * @param redelivered whether the broker had delivered it before (a peek sets the flag; see docs)
 */
record BrokerDeadLetter(String id, @Nullable String reason, @Nullable String exchange, @Nullable String routingKey,
		@Nullable String contentType, int size, @Nullable String body, boolean truncated, boolean redelivered) {

	/** Most body bytes shown. */
	static final int MAX_BODY = 16 * 1024;

	static BrokerDeadLetter of(@Nullable String messageId, @Nullable String reason, @Nullable String exchange,
			@Nullable String routingKey, @Nullable String contentType, byte[] body, boolean redelivered) {
		byte[] readable = readable(body);
		if (readable == null) {
			return new BrokerDeadLetter(idOf(messageId, routingKey, body), reason, exchange, routingKey, contentType,
					body.length, null, false, redelivered);
		}
		byte[] shown = readable.length > MAX_BODY ? Arrays.copyOf(readable, MAX_BODY) : readable;
		return new BrokerDeadLetter(idOf(messageId, routingKey, body), reason, exchange, routingKey, contentType,
				body.length, text(shown), shown.length < readable.length, redelivered);
	}

	/**
	 * The body for people: a Smile or binary document as JSON text, anything else as it is; null for
	 * one that starts as Smile or binary but cannot be read (not text).
	 */
	private static byte @Nullable [] readable(byte[] body) {
		try {
			return WireFormat.toJson(body);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The publisher's message id, else a digest of routing key and body (stable across redeliveries). */
	static String idOf(@Nullable String messageId, @Nullable String routingKey, byte[] body) {
		if (messageId != null && !messageId.isBlank()) {
			return messageId;
		}
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(String.valueOf(routingKey).getBytes(StandardCharsets.UTF_8));
			sha.update((byte) '\n');
			return "sha256:" + HexFormat.of().formatHex(sha.digest(body), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	private static @Nullable String text(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			// cut inside a character, or not text
			return body.length == MAX_BODY ? new String(body, StandardCharsets.UTF_8) : null;
		}
	}

}
