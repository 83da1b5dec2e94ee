package io.tributary.support.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys are on unless switched off; a service with nowhere a key could come from does not start, and one
 * says at start-up when it has none yet or when they are off.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiSecurityAutoConfiguration.class));

	@TempDir
	Path dir;

	@Test
	void keysAreOnByDefaultAndAServiceWithNowhereAKeyCouldComeFromDoesNotStart() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(NoApiKeysException.class)
				.hasMessageContaining("no keys file (tributary.security.keys-file)");
		});
		Path missing = this.dir.resolve("no-such-keys");
		this.runner.withPropertyValues("tributary.security.keys-file=" + missing).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(NoApiKeysException.class)
				.hasMessageContaining("the keys file " + missing + " (tributary.security.keys-file) does not exist");
		});
	}

	@Test
	void aServiceWhoseKeysFileHoldsNoKeyYetStartsAndWarnsThatItRefusesEverything(CapturedOutput output)
			throws IOException {
		Path empty = Files.writeString(this.dir.resolve("api-keys"), "# keys come later\n");
		this.runner.withPropertyValues("tributary.security.keys-file=" + empty).run((context) -> {
			assertThat(context).hasNotFailed().hasBean("apiKeySecurityFilterChain")
				.doesNotHaveBean("openSecurityFilterChain");
			assertThat(output).contains("no key is configured").contains("refused with 401");
		});
	}

	@Test
	void aServiceThatDoesNotRequireKeysStartsWithoutAnyAndRefusesEverythingButTheProbes(CapturedOutput output) {
		this.runner.withPropertyValues("tributary.security.require-keys=false").run((context) -> {
			assertThat(context).hasNotFailed().hasBean("apiKeySecurityFilterChain");
			assertThat(output).contains("no key is configured").contains("refused with 401");
		});
	}

	@Test
	void theLocalDevelopmentSwitchOpensEverythingAndSaysSo(CapturedOutput output) {
		this.runner.withPropertyValues("tributary.security.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().hasBean("openSecurityFilterChain")
				.doesNotHaveBean("apiKeySecurityFilterChain");
			assertThat(output).contains("API keys are OFF");
		});
	}

	@Test
	void aMalformedConfiguredKeyStopsTheStartNamingTheKeyButNotItsDigest() {
		this.runner
			.withPropertyValues("tributary.security.keys[0].name=billing", "tributary.security.keys[0].digest=abc123",
					"tributary.security.keys[0].scopes=ingest")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("key 'billing': a key digest is 64 hex digits");
				for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
					assertThat(String.valueOf(t.getMessage())).doesNotContain("abc123");
				}
			});
	}

}
