package io.tributary.support.config;

import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One namespace rule for every service: names usable as exchange, queue, topic and Redis key prefix. */
class NamespaceTests {

	private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

	private static final Validator VALIDATOR = FACTORY.getValidator();

	/** As the services' properties records declare it. */
	record Settings(@Namespace String namespace) {
	}

	@AfterAll
	static void close() {
		FACTORY.close();
	}

	private static List<String> violations(String namespace) {
		Set<ConstraintViolation<Settings>> violations = VALIDATOR.validate(new Settings(namespace));
		return violations.stream().map(ConstraintViolation::getMessage).sorted().toList();
	}

	@Test
	void acceptsLettersDigitsDotsUnderscoresAndDashes() {
		for (String ok : List.of("tributary", "ingest-it-3f2a9c1b", "ns-1", "Prod.eu_west-2", "7")) {
			assertThat(violations(ok)).as(ok).isEmpty();
		}
	}

	@Test
	void refusesWhatBreaksAKeyOrADestinationName() {
		for (String bad : List.of("{ns}", "a b", "a:b", "-ns", ".ns", "ns/1", "ns\t")) {
			assertThat(violations(bad)).as(bad).containsExactly("must be letters, digits, '.', '_' or '-'");
		}
	}

	@Test
	void refusesABlankNamespace() {
		assertThat(violations("")).contains("must not be blank");
		assertThat(violations("  ")).contains("must not be blank", "must be letters, digits, '.', '_' or '-'");
	}

}
