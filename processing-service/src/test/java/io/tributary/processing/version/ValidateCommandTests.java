package io.tributary.processing.version;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tributary validate} on sample files, compared offline with another file. */
class ValidateCommandTests {

	private static final String DIR = "src/test/resources/validate/";

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int validate(String... args) {
		return ValidateCommand.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	@Test
	void theSameFileIsUnchanged() {
		assertThat(validate(DIR + "running.yaml", "--against", DIR + "running.yaml")).isZero();
		assertThat(out()).isEqualTo("""
				Compared with src/test/resources/validate/running.yaml:
				  views: unchanged
				  clicks: unchanged
				  retired: unchanged
				""");
	}

	@Test
	void aReformattedFileWithANewMetricIsCompatible() {
		assertThat(validate(DIR + "compatible.yaml", "--against", DIR + "running.yaml")).isZero();
		assertThat(out()).isEqualTo("""
				Compared with src/test/resources/validate/running.yaml:
				  clicks: unchanged
				  views: compatible, keeps its state
				      metric 'users' added: distinct(user_id) (starts empty in open windows)
				      retention: 7d -> 30d
				  retired: unchanged
				""");
	}

	@Test
	void anIncompatibleChangeNamesWhatChangedAndExitsWithTwo() {
		assertThat(validate(DIR + "incompatible.yaml", "--against", DIR + "running.yaml")).isEqualTo(2);
		assertThat(out()).isEqualTo("""
				Compared with src/test/resources/validate/running.yaml:
				  views: new version, starts with empty state (refused with on-incompatible-change=refuse)
				      window: tumbling size 10s slide - gap - allowed-lateness 0s -> tumbling size 20s slide - gap - allowed-lateness 0s
				  clicks: new version, starts with empty state (refused with on-incompatible-change=refuse)
				      metric 'clicks': count -> sum(weight)
				  fresh: new pipeline (starts empty)
				  retired: removed (its stored state and results are left until their retention)
				""");
	}

	@Test
	void aFileWithErrorsNamesTheLineAndExitsWithOne() {
		assertThat(validate(DIR + "broken.yaml", "--against", DIR + "running.yaml")).isEqualTo(1);
		assertThat(out()).startsWith("error: src/test/resources/validate/broken.yaml:7:");
		assertThat(out()).contains("window.size");
	}

	@Test
	void withoutAFileOrWithAMissingOneItSaysHowToUseIt() {
		assertThat(validate()).isEqualTo(3);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("usage: tributary validate FILE");
		assertThat(validate(DIR + "nope.yaml", "--against", DIR + "running.yaml")).isEqualTo(1);
		assertThat(out()).contains("nope.yaml: no such file");
		assertThat(validate(DIR + "running.yaml", "--against", DIR + "nope.yaml")).isEqualTo(3);
	}

}
