package io.tributary.support.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The keys in force: configured and from the keys file, which is taken again when it changes. */
class KeyRingTests {

	private static final Duration CHECK = Duration.ofSeconds(2);

	@TempDir
	Path dir;

	private final AtomicLong now = new AtomicLong();

	@Test
	void findsAConfiguredKeyByItsDigestAndNothingElse() throws Exception {
		KeyRing ring = new KeyRing(List.of(ApiKey.of("billing", sha256("s3cret-key"), List.of("ingest"))), null, CHECK);
		assertThat(ring.find("s3cret-key")).extracting(ApiKey::name).isEqualTo("billing");
		assertThat(ring.find("s3cret-kez")).isNull();
		assertThat(ring.find("")).isNull();
	}

	@Test
	void aKeyRemovedFromTheFileIsRefusedAfterTheNextCheckAndAnAddedOneAccepted() throws Exception {
		Path file = Files.writeString(this.dir.resolve("keys"), "# keys\nold " + sha256("old-key") + " ingest\n");
		KeyRing ring = new KeyRing(List.of(), file, CHECK, this.now::get);
		assertThat(ring.find("old-key")).isNotNull();

		Files.writeString(file, "new " + sha256("new-key") + " query,lookups\n");
		this.now.addAndGet(CHECK.toNanos() - 1);
		assertThat(ring.find("old-key")).as("not checked yet").isNotNull();
		this.now.addAndGet(1);
		assertThat(ring.find("old-key")).isNull();
		assertThat(ring.find("new-key").scopes()).containsExactlyInAnyOrder(Scope.QUERY, Scope.LOOKUPS);
	}

	@Test
	void aBrokenFileLeavesTheKeysReadBeforeAndAMissingFileTakesItsKeysAway() throws Exception {
		Path file = Files.writeString(this.dir.resolve("keys"), "a " + sha256("a-key") + " ingest\n");
		ApiKey configured = ApiKey.of("configured", sha256("c-key"), List.of("admin"));
		KeyRing ring = new KeyRing(List.of(configured), file, CHECK, this.now::get);
		Files.writeString(file, "a not-a-digest ingest\n");
		this.now.addAndGet(CHECK.toNanos());
		assertThat(ring.find("a-key")).isNotNull();

		Files.delete(file);
		this.now.addAndGet(CHECK.toNanos());
		assertThat(ring.find("a-key")).isNull();
		assertThat(ring.find("c-key")).isEqualTo(configured);
	}

	@Test
	void aBrowserSessionHoldsOnlyWhileItsKeyIsInForce() throws Exception {
		Path file = Files.writeString(this.dir.resolve("keys"), "viewer " + sha256("v-key") + " query\n");
		KeyRing ring = new KeyRing(List.of(), file, CHECK, this.now::get);
		byte[] digest = ring.find("v-key").digest();
		assertThat(ring.holds("viewer", digest)).isTrue();
		assertThat(ring.holds("other", digest)).isFalse();
		Files.writeString(file, "");
		this.now.addAndGet(CHECK.toNanos());
		assertThat(ring.holds("viewer", digest)).isFalse();
	}

	@Test
	void malformedLinesAreReportedByLineWithoutTheirDigest() throws Exception {
		String digest = sha256("x");
		assertThatIllegalArgumentException().isThrownBy(() -> KeysFile.parse("\na " + digest + " ingest\nb " + digest))
			.withMessageStartingWith("line 3:")
			.withMessageNotContaining(digest);
		assertThatIllegalArgumentException().isThrownBy(() -> KeysFile.parse("a " + digest + " write"))
			.withMessageContaining("unknown scope 'write'");
		String other = sha256("y");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeysFile.parse("a " + digest + " ingest\na " + other + " query"))
			.withMessageContaining("listed twice");
	}

	@Test
	void adminImpliesEveryScope() {
		assertThat(Scope.authorities(java.util.Set.of(Scope.ADMIN))).extracting(Object::toString)
			.containsExactlyInAnyOrder("SCOPE_ingest", "SCOPE_lookups", "SCOPE_query", "SCOPE_admin");
		assertThat(Scope.authorities(java.util.Set.of(Scope.INGEST))).extracting(Object::toString)
			.containsExactly("SCOPE_ingest");
	}

	/** An independent SHA-256, as an operator would compute it with sha256sum. */
	private static String sha256(String key) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
	}

}
