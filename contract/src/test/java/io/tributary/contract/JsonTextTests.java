package io.tributary.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Documents written field by field against the mapper writing the same values as a map. */
class JsonTextTests {

	@Test
	void writesWhatTheMapperWritesForTheSameValues() {
		Map<String, Object> nested = new LinkedHashMap<>();
		nested.put("list", List.of(1L, "two", 3.5));
		nested.put("when", Instant.parse("2026-12-04T10:00:00.5Z"));
		List<Object> values = new ArrayList<>(List.of(42L, 7, 1.25, Double.NaN, "ünïcode \"quoted\"\n", true, nested,
				new long[] { 1, 2 }));
		values.add(null);
		Map<String, Object> reference = new LinkedHashMap<>();
		reference.put("s", "text");
		reference.put("n", Long.MIN_VALUE);
		reference.put("b", false);
		Map<String, Object> inner = new LinkedHashMap<>();
		JsonText text = new JsonText(8).startObject().string("s", "text").number("n", Long.MIN_VALUE).bool("b", false)
			.name("a")
			.startObject();
		for (int i = 0; i < values.size(); i++) {
			inner.put("v" + i, values.get(i));
			text.name("v" + i).value(values.get(i));
		}
		text.endObject();
		reference.put("a", inner);
		text.name("m").numbers(new long[] { 3, -4, 5 });
		reference.put("m", new long[] { 3, -4, 5 });
		text.name("x").startArray().numbers(new long[] { 1 }).numbers(new long[0]).endArray();
		reference.put("x", List.of(new long[] { 1 }, new long[0]));

		assertThat(text.endObject().finish()).isEqualTo(WireFormat.writeString(reference));
	}

	@Test
	void aDocumentThatIsNotJsonIsRefused() {
		JsonText text = new JsonText(8).startObject();
		assertThatIllegalArgumentException().isThrownBy(() -> text.value("a value where a name belongs"));
	}

}
