package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A pipeline's {@code first-seen} section and its {@code first-seen(field)} calls, as loaded, and their problems where they are. */
class PipelineFileFirstSeenTests {

	private static String file(String body) {
		return """
				streams:
				  shop: {}
				lookups:
				  regions: {}
				pipelines:
				  first-purchase:
				    source: shop
				%s""".formatted(body.indent(4));
	}

	private static PipelineDefinition load(String body) {
		return PipelineFileLoader.load("p.yaml", file(body), null).pipeline("first-purchase").orElseThrow();
	}

	private static List<String> problems(String body) {
		PipelineFileException ex = catchThrowableOfType(PipelineFileException.class,
				() -> PipelineFileLoader.load("p.yaml", file(body), null));
		assertThat(ex).as("the file is refused").isNotNull();
		return ex.problems();
	}

	@Test
	void aFilterAndLetsThatCallFirstSeenOfTheKeyLoadWithTheSection() {
		PipelineDefinition p = load("""
				filter: event.type == "purchase" && first-seen(user)
				let:
				  fresh: 'first-seen(event.user) ? 1 : 0'
				  doubled: fresh * 2
				  label: '"first-seen(x) in a string is text"'
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { firsts: count, fresh: sum(fresh) }
				first-seen: { horizon: 30d, false-positive-rate: 0.0001, expected-values: 250000 }""");
		FirstSeenSpec spec = p.firstSeen();
		assertThat(spec).isNotNull();
		assertThat(spec.horizon()).isEqualTo(Duration.ofDays(30));
		assertThat(spec.falsePositiveRate()).isEqualTo(0.0001);
		assertThat(spec.expectedValues()).isEqualTo(250_000);
		assertThat(spec.generationMillis()).isEqualTo(Duration.ofDays(30).toMillis() / FirstSeenSpec.GENERATIONS);
		assertThat(spec.location()).isEqualTo("p.yaml:16:17 (pipelines.first-purchase.first-seen)");
		assertThat(p.usesFirstSeen()).isTrue();
		assertThat(FirstSeenCalls.windowStageLets(p.let())).containsExactly("fresh", "doubled");
		assertThat(FirstSeenCalls.rewrite(p.filter().text()))
			.isEqualTo("event.type == \"purchase\" && " + FirstSeenCalls.VARIABLE);
	}

	@Test
	void theSectionHasDefaultsButNeedsAHorizon() {
		FirstSeenSpec spec = load("""
				filter: first-seen(user)
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }
				first-seen: { horizon: 7d }""").firstSeen();
		assertThat(spec.falsePositiveRate()).isEqualTo(FirstSeenSpec.DEFAULT_FALSE_POSITIVE_RATE);
		assertThat(spec.expectedValues()).isEqualTo(FirstSeenSpec.DEFAULT_EXPECTED_VALUES);
		assertThat(problems("""
				filter: first-seen(user)
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }
				first-seen: { false-positive-rate: 0.5, expected-values: 1.5, horizon: 1s, size: 3 }"""))
			.anySatisfy((m) -> assertThat(m).startsWith("p.yaml:12:80: pipelines.first-purchase.first-seen.size:")
				.contains("unknown property 'size'"))
			.anySatisfy((m) -> assertThat(m).startsWith("p.yaml:12:40: pipelines.first-purchase.first-seen.false-positive-rate:")
				.contains("'0.5' is not from 1.0E-6 to 0.1"))
			.anySatisfy((m) -> assertThat(m).contains("first-seen.expected-values:").contains("must be a whole number"))
			.anySatisfy((m) -> assertThat(m).contains("first-seen.horizon:").contains("must be at least 4s"));
		assertThat(problems("""
				filter: first-seen(user)
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }
				first-seen: { expected-values: 10 }"""))
			.containsExactly("p.yaml:12:17: pipelines.first-purchase.first-seen: 'horizon' is required (how long a "
					+ "value stays seen, e.g. horizon: 30d)");
	}

	@Test
	void aCallOfAnotherFieldThanTheKeyIsRefusedWithTheWorkaround() {
		assertThat(problems("""
				filter: first-seen(device)
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }
				first-seen: { horizon: 1d }""")).singleElement()
			.satisfies((m) -> assertThat(m).startsWith("p.yaml:8:13: pipelines.first-purchase.filter: first-seen(device)"
					+ " must name the pipeline's key-by field ('user')")
				.contains("kept in the partition that owns its key")
				.contains("use a pipeline with key-by: device")
				.contains("constant key")
				.contains("one partition"));
		assertThat(problems("""
				filter: first-seen(user)
				key-by: event.user + "x"
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }
				first-seen: { horizon: 1d }""")).singleElement()
			.satisfies((m) -> assertThat(m).startsWith("p.yaml:8:13: pipelines.first-purchase.filter: first-seen(user)"
					+ " must name the pipeline's key-by field"));
	}

	@Test
	void underAConstantKeyACallMayNameAnyFieldOrBoundValue() {
		PipelineDefinition p = load("""
				filter: first-seen(user_id)
				let:
				  fresh: 'first-seen(event.user_id) ? 1 : 0'
				key-by: "'all'"
				window: { type: tumbling, size: 1m }
				aggregate: { new_users: count, fresh: sum(fresh) }
				first-seen: { horizon: 30d }""");
		assertThat(FirstSeenCalls.isConstantKey(p.keyBy())).isTrue();
		assertThat(FirstSeenCalls.askedField(p)).isEqualTo("event.user_id");
		PipelineDefinition enriched = load("""
				enrich:
				  - { lookup: regions, key: event.ip, as: region }
				let:
				  fresh: 'first-seen(region.name) ? 1 : 0'
				key-by: 7
				window: { type: tumbling, size: 1m }
				aggregate: { fresh: sum(fresh) }
				first-seen: { horizon: 1d }""");
		assertThat(FirstSeenCalls.askedField(enriched)).isEqualTo("region.name");
		assertThat(List.of("'all'", "\"all\"", "0", "-1.5", "2u")).allMatch(
				(text) -> FirstSeenCalls.isConstantKey(new Expression(text, "")));
		assertThat(List.of("user", "'a' + event.b", "'it''s'", "\"a\\\"b\"", "size(x)")).noneMatch(
				(text) -> FirstSeenCalls.isConstantKey(new Expression(text, "")));
	}

	@Test
	void underAConstantKeyAllCallsNameOneFieldThatDoesNotDependOnTheAnswer() {
		assertThat(problems("""
				filter: first-seen(user)
				let:
				  fresh: 'first-seen(event.user) ? 1 : 0'
				  device_new: 'first-seen(device) ? 1 : 0'
				key-by: "'all'"
				window: { type: tumbling, size: 1m }
				aggregate: { n: count }
				first-seen: { horizon: 1d }""")).singleElement()
			.satisfies((m) -> assertThat(m).startsWith("p.yaml:11:")
				.contains(": pipelines.first-purchase.let.device_new: first-seen(device) names another field than"
						+ " first-seen(user)")
				.contains("every call of a pipeline must ask about the same field"));
		assertThat(problems("""
				let:
				  fresh: 'first-seen(event.user) ? 1 : 0'
				  again: 'first-seen(fresh)'
				key-by: "'all'"
				window: { type: tumbling, size: 1m }
				aggregate: { n: count }
				first-seen: { horizon: 1d }""")).anySatisfy((m) -> assertThat(m)
					.contains("pipelines.first-purchase.let.again: first-seen(fresh) names 'fresh', which depends on")
					.endsWith("a value cannot depend on whether it is new"));
		assertThat(problems("""
				filter: first-seen(event)
				key-by: "'all'"
				window: { type: tumbling, size: 1m }
				aggregate: { n: count }
				first-seen: { horizon: 1d }""")).singleElement()
			.satisfies((m) -> assertThat(m).contains("first-seen(event) names the whole event"));
	}

	@Test
	void underAConstantKeyTheAskedFieldIsPartOfTheFingerprint() {
		String body = """
				filter: first-seen(%s)
				key-by: "'all'"
				window: { type: tumbling, size: 1m }
				aggregate: { n: count }
				first-seen: { horizon: 1d }""";
		PipelineFingerprint users = PipelineFingerprint.of(load(body.formatted("user")), null);
		PipelineFingerprint devices = PipelineFingerprint.of(load(body.formatted("device")), null);
		PipelineFingerprint keyed = PipelineFingerprint.of(load(body.formatted("user").replace("\"'all'\"", "user")),
				null);
		assertThat(devices.fingerprint()).isNotEqualTo(users.fingerprint());
		PipelineChange change = PipelineChange.between(users, devices);
		assertThat(change.kind()).isEqualTo(PipelineChange.Kind.INCOMPATIBLE);
		assertThat(change.changes()).singleElement().asString().contains("filter");
		assertThat(keyed.fingerprint()).isNotEqualTo(users.fingerprint());
	}

	@Test
	void firstSeenOutsideFilterAndLetIsRefused() {
		assertThat(problems("""
				enrich:
				  - { lookup: regions, key: 'first-seen(user) ? "a" : "b"', as: region }
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }
				select: { x: 'first-seen(user)' }
				first-seen: { horizon: 1d }"""))
			.anySatisfy((m) -> assertThat(m).contains("pipelines.first-purchase.enrich.region.key:")
				.endsWith("first-seen(...) can be used in 'filter' and 'let' only"))
			.anySatisfy((m) -> assertThat(m).contains("pipelines.first-purchase.select.x:")
				.endsWith("first-seen(...) can be used in 'filter' and 'let' only"))
			.anySatisfy((m) -> assertThat(m).contains("pipelines.first-purchase.first-seen:")
				.contains("no filter or let of this pipeline uses first-seen(...)"));
	}

	@Test
	void aKeyComputedFromTheAnswerAndMalformedCallsAreRefused() {
		assertThat(problems("""
				let:
				  fresh: first-seen(user)
				  bucket: 'fresh ? "new" : event.user'
				key-by: bucket
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }
				first-seen: { horizon: 1d }"""))
			.anySatisfy((m) -> assertThat(m).startsWith("p.yaml:11:13: pipelines.first-purchase.key-by: uses 'bucket'")
				.contains("a key cannot depend on whether its own value is new"));
		assertThat(problems("""
				filter: first-seen(user, 2) || first-seen()
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }
				first-seen: { horizon: 1d }"""))
			.containsExactly("p.yaml:8:13: pipelines.first-purchase.filter: first-seen takes one field of the event, "
					+ "e.g. first-seen(user_id)");
	}

	@Test
	void aCallWithoutTheSectionSaysWhatToDeclare() {
		assertThat(problems("""
				filter: first-seen(user)
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }""")).singleElement()
			.satisfies((m) -> assertThat(m).startsWith("p.yaml:7:5: pipelines.first-purchase: uses first-seen(...)")
				.contains("first-seen: { horizon: 30d"));
	}

	@Test
	void theSectionIsStateSoChangingItChangesTheFingerprint() {
		String body = """
				filter: first-seen(user)
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }
				first-seen: { horizon: %s }""";
		PipelineFingerprint day = PipelineFingerprint.of(load(body.formatted("1d")), null);
		PipelineFingerprint week = PipelineFingerprint.of(load(body.formatted("7d")), null);
		assertThat(day.state()).containsEntry("first-seen", "horizon 1d false-positive-rate 0.001 expected-values 1000000");
		assertThat(week.fingerprint()).isNotEqualTo(day.fingerprint());
		PipelineDefinition without = load("""
				key-by: user
				window: { type: tumbling, size: 1h }
				aggregate: { n: count }""");
		assertThat(PipelineFingerprint.of(without, null).state()).doesNotContainKey("first-seen");
	}

	@Test
	void theNewUsersExampleLoads() {
		PipelineFile file = PipelineFileLoader.load(java.nio.file.Path.of("../pipelines/new-users.yaml"));
		assertThat(file.pipelines().values()).isNotEmpty().allSatisfy((p) -> {
			assertThat(FirstSeenCalls.isConstantKey(p.keyBy())).isTrue();
			assertThat(FirstSeenCalls.askedField(p)).isEqualTo("event.user_id");
		});
	}

	@Test
	void theExampleFileLoads() {
		PipelineFile file = PipelineFileLoader.load(java.nio.file.Path.of("../pipelines/first-purchase.yaml"));
		assertThat(file.pipelines()).containsOnlyKeys("first-purchase", "new-user-spend");
		assertThat(file.pipelines().values()).allSatisfy((p) -> assertThat(p.firstSeen().horizon())
			.isEqualTo(Duration.ofDays(30)));
	}

}
