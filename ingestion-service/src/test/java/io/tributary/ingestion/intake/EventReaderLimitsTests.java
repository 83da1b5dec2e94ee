package io.tributary.ingestion.intake;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Each read limit at its edge: a body at the limit is read, one character more is refused, naming the setting. */
class EventReaderLimitsTests {

	/** events, document, line, depth, string, number, name */
	private final EventReader reader = new EventReader(new ReadLimits(10, 1000, 50, 3, 20, 10, 10));

	private int read(String body, BodyFormat format) {
		return this.reader.read(body.getBytes(StandardCharsets.UTF_8), format).size();
	}

	private void refused(String body, BodyFormat format, String setting) {
		assertThatExceptionOfType(LimitExceededException.class).isThrownBy(() -> read(body, format))
			.withMessageContaining("set by " + setting);
	}

	@Test
	void nestingDepthCountsEveryObjectAndArray() {
		assertThat(read("{\"a\": {\"b\": {}}}", BodyFormat.JSON)).isEqualTo(1);
		refused("{\"a\": {\"b\": {\"c\": {}}}}", BodyFormat.JSON, "max-nesting-depth");
		// the array around a batch is a level too
		assertThat(read("[{\"a\": {}}]", BodyFormat.JSON)).isEqualTo(1);
		refused("[{\"a\": {\"b\": []}}]", BodyFormat.JSON, "max-nesting-depth");
		refused("{\"a\": [[[[[[1]]]]]]}", BodyFormat.NDJSON, "max-nesting-depth");
	}

	@Test
	void stringLengthIsCountedInCharacters() {
		assertThat(read("{\"s\": \"" + "é".repeat(20) + "\"}", BodyFormat.JSON)).isEqualTo(1);
		refused("{\"s\": \"" + "x".repeat(21) + "\"}", BodyFormat.JSON, "max-string-length");
		refused("{\"s\": \"" + "x".repeat(21) + "\"}", BodyFormat.NDJSON, "max-string-length");
	}

	@Test
	void numberLengthCoversIntegersAndDecimals() {
		assertThat(read("{\"n\": 1234567890}", BodyFormat.JSON)).isEqualTo(1);
		refused("{\"n\": 12345678901}", BodyFormat.JSON, "max-number-length");
		refused("{\"n\": 0.1234567890123}", BodyFormat.JSON, "max-number-length");
	}

	@Test
	void propertyNameLength() {
		assertThat(read("{\"" + "n".repeat(10) + "\": 1}", BodyFormat.JSON)).isEqualTo(1);
		refused("{\"" + "n".repeat(11) + "\": 1}", BodyFormat.JSON, "max-name-length");
	}

	@Test
	void ndjsonLineLengthInBytesWithoutItsLineEnd() {
		String fifty = "{\"a\": 1" + " ".repeat(42) + "}";
		assertThat(fifty).hasSize(50);
		assertThat(read(fifty + "\n" + fifty + "\r\n", BodyFormat.NDJSON)).isEqualTo(2);
		assertThatExceptionOfType(LimitExceededException.class)
			.isThrownBy(() -> read(fifty + "\n" + fifty + " \n", BodyFormat.NDJSON))
			.withMessage("line 2 of the NDJSON body is longer than 50 bytes (set by max-line-length)");
	}

}
