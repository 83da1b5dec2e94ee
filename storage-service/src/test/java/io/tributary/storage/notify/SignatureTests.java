package io.tributary.storage.notify;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The signature header, against a value computed outside Java (Python's hmac module). */
class SignatureTests {

	@Test
	void signsTheTimestampADotAndTheBodyWithHmacSha256() {
		// python3: hmac.new(b"It's a secret", b'1764763200.{"text":"hi"}', hashlib.sha256).hexdigest()
		String signature = Signature.of("It's a secret", 1_764_763_200L, "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8));

		assertThat(signature).isEqualTo("sha256=ff2dc5fd5e2f8566aee27313f0707a79036c41716fdfda2a53362a75a22f02ea");
	}

	@Test
	void anotherTimestampOrSecretSignsDifferently() {
		byte[] body = "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
		String signature = Signature.of("It's a secret", 1_764_763_200L, body);

		assertThat(Signature.of("It's a secret", 1_764_763_201L, body)).isNotEqualTo(signature);
		assertThat(Signature.of("another secret", 1_764_763_200L, body)).isNotEqualTo(signature);
	}

}
