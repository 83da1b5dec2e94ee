package io.tributary.storage.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery: HMAC-SHA256, keyed with the target's secret, over the timestamp
 * header's value, a dot and the body ({@code sha256=<hex>}). Signing the timestamp too lets a receiver
 * refuse a replayed request by its age.
 */
final class Signature {

	/** The header carrying {@link #of}. */
	static final String HEADER = "X-Tributary-Signature";

	/** The header carrying the time of the attempt, in epoch seconds, which the signature covers. */
	static final String TIMESTAMP_HEADER = "X-Tributary-Timestamp";

	private static final String ALGORITHM = "HmacSHA256";

	private Signature() {
	}

	/** The {@link #HEADER} value of {@code body} sent at {@code epochSeconds}. */
	static String of(String secret, long epochSeconds, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
		}
	}

}
