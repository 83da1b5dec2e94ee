package io.tributary.contract.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.contract.pipeline.PipelineChange.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineFingerprintTests {

	private static final String BASE = """
			streams:
			  ads:
			    time-field: event_time
			    id-field: event_id
			lookups:
			  campaigns: {}
			pipelines:
			  views:
			    source: ads
			    filter: event.type == "view"
			    enrich:
			      - lookup: campaigns
			        key: event.ad_id
			        as: campaign_id
			    let:
			      region: campaign_id + "-eu"
			    key-by: campaign_id
			    window: { type: tumbling, size: 10s, allowed-lateness: 5s }
			    watermark: { max-out-of-orderness: 2s, idle-timeout: 10s }
			    aggregate:
			      views: count
			      p99: quantile(latency_ms, 0.99)
			      hits: count
			    select:
			      views_k: views / 1000.0
			    alerts:
			      slow:
			        when: p99 > 2000.0
			    emit: { every: 1s, final: true }
			    retention: 7d
			""";

	/**
	 * The expected classification of each edit, written by hand from the policy (docs/operations.md):
	 * what the window state means may not change, what is done with it may.
	 */
	private static final Map<String, Object[]> EDITS = edits();

	private static Map<String, Object[]> edits() {
		Map<String, Object[]> e = new LinkedHashMap<>();
		// cosmetic: nothing changes
		e.put("a comment", new Object[] { "retention: 7d", "retention: 7d   # a week", Kind.UNCHANGED });
		e.put("duration spelling", new Object[] { "size: 10s", "size: 10000ms", Kind.UNCHANGED });
		e.put("expression spacing", new Object[] { "event.type == \"view\"", "event.type==\"view\"", Kind.UNCHANGED });
		e.put("flow to block style", new Object[] { "emit: { every: 1s, final: true }",
				"emit:\n      final: true\n      every: 1s", Kind.UNCHANGED });
		e.put("aggregations reordered", new Object[] { "      views: count\n      p99: quantile(latency_ms, 0.99)",
				"      p99: quantile(latency_ms, 0.99)\n      views: count", Kind.UNCHANGED });
		// compatible: the state carries over
		e.put("metric added", new Object[] { "      views: count\n", "      views: count\n      total: sum(latency_ms)\n",
				Kind.COMPATIBLE });
		e.put("metric removed", new Object[] { "      hits: count\n", "", Kind.COMPATIBLE });
		e.put("select changed", new Object[] { "views / 1000.0", "views / 100.0", Kind.COMPATIBLE });
		e.put("alert changed", new Object[] { "p99 > 2000.0", "p99 > 3000.0", Kind.COMPATIBLE });
		e.put("emit changed", new Object[] { "every: 1s", "every: 5s", Kind.COMPATIBLE });
		e.put("retention changed", new Object[] { "retention: 7d", "retention: 30d", Kind.COMPATIBLE });
		e.put("watermark tuned", new Object[] { "max-out-of-orderness: 2s", "max-out-of-orderness: 4s",
				Kind.COMPATIBLE });
		e.put("max-future changed", new Object[] { "id-field: event_id", "id-field: event_id\n    max-future: 1m",
				Kind.COMPATIBLE });
		// incompatible: the state would mean something else
		e.put("window size", new Object[] { "size: 10s", "size: 20s", Kind.INCOMPATIBLE });
		e.put("window type", new Object[] { "{ type: tumbling, size: 10s,", "{ type: hopping, size: 10s, slide: 5s,",
				Kind.INCOMPATIBLE });
		e.put("allowed lateness", new Object[] { "allowed-lateness: 5s", "allowed-lateness: 6s", Kind.INCOMPATIBLE });
		e.put("function under the same name", new Object[] { "views: count", "views: sum(latency_ms)",
				Kind.INCOMPATIBLE });
		e.put("aggregation argument", new Object[] { "0.99)", "0.95)", Kind.INCOMPATIBLE });
		e.put("aggregation field", new Object[] { "quantile(latency_ms", "quantile(other_ms", Kind.INCOMPATIBLE });
		e.put("filter", new Object[] { "event.type == \"view\"", "event.type == \"click\"", Kind.INCOMPATIBLE });
		e.put("enrichment key", new Object[] { "key: event.ad_id", "key: event.campaign", Kind.INCOMPATIBLE });
		e.put("let", new Object[] { "+ \"-eu\"", "+ \"-us\"", Kind.INCOMPATIBLE });
		e.put("key-by", new Object[] { "key-by: campaign_id", "key-by: region", Kind.INCOMPATIBLE });
		e.put("time field", new Object[] { "time-field: event_time", "time-field: ts", Kind.INCOMPATIBLE });
		e.put("id field", new Object[] { "id-field: event_id", "id-field: uid", Kind.INCOMPATIBLE });
		e.put("source", new Object[] { "source: ads", "source: ads2",
				Kind.INCOMPATIBLE });
		return e;
	}

	private static PipelineFingerprint fingerprint(String yaml) {
		String withSecondStream = yaml.replace("lookups:", "  ads2:\n    time-field: event_time\n    id-field: event_id\nlookups:");
		return PipelineFingerprint.of(PipelineFileLoader.load("p.yaml", withSecondStream, null)).get("views");
	}

	@Test
	void eachEditIsClassifiedAsThePolicySays() {
		PipelineFingerprint base = fingerprint(BASE);
		EDITS.forEach((name, edit) -> {
			String from = (String) edit[0];
			assertThat(BASE).as(name).contains(from);
			PipelineFingerprint edited = fingerprint(BASE.replace(from, (String) edit[1]));
			PipelineChange change = PipelineChange.between(base, edited);
			assertThat(change.kind()).as(name + ": " + change.summary()).isEqualTo(edit[2]);
			Kind kind = (Kind) edit[2];
			// the fingerprint covers the state, the digest the whole definition
			assertThat(edited.fingerprint().equals(base.fingerprint())).as(name + " keeps the fingerprint")
				.isEqualTo(kind == Kind.UNCHANGED || (kind == Kind.COMPATIBLE && !name.startsWith("metric")));
			assertThat(edited.digest().equals(base.digest())).as(name + " keeps the digest")
				.isEqualTo(kind == Kind.UNCHANGED);
			assertThat(change.changes().isEmpty()).as(name + " names its changes").isEqualTo(kind == Kind.UNCHANGED);
		});
	}

	@Test
	void changesNameWhatChanged() {
		PipelineFingerprint base = fingerprint(BASE);
		PipelineChange window = PipelineChange.between(base, fingerprint(BASE.replace("size: 10s", "size: 20s")));
		assertThat(window.changes()).containsExactly(
				"window: tumbling size 10s slide - gap - allowed-lateness 5s -> tumbling size 20s slide - gap - allowed-lateness 5s");
		PipelineChange function = PipelineChange.between(base,
				fingerprint(BASE.replace("views: count", "views: sum(latency_ms)")));
		assertThat(function.changes()).containsExactly("metric 'views': count -> sum(latency_ms)");
		PipelineChange added = PipelineChange.between(base,
				fingerprint(BASE.replace("      views: count\n", "      views: count\n      total: sum(latency_ms)\n")));
		assertThat(added.changes()).containsExactly("metric 'total' added: sum(latency_ms) (starts empty in open windows)");
		assertThat(PipelineChange.between(null, base).kind()).isEqualTo(Kind.NEW);
	}

	@Test
	void fingerprintsAreSixteenHexDigitsOfAFixedHash() {
		PipelineFingerprint base = fingerprint(BASE);
		assertThat(base.fingerprint()).matches("[0-9a-f]{16}");
		assertThat(base.digest()).matches("[0-9a-f]{16}").isNotEqualTo(base.fingerprint());
		// the same on every JVM: SHA-256 of the canonical text, checked against an independent value
		PipelineFingerprint tiny = PipelineFingerprint.of("p", Map.of("a", "1"), Map.of());
		assertThat(tiny.fingerprint()).isEqualTo("fe3209d6d4f51935"); // printf "a=1\n" | sha256sum
	}

	@Test
	void aVersionRoundTripsThroughItsRedisHash() {
		PipelineFingerprint base = fingerprint(BASE);
		PipelineVersion version = new PipelineVersion(3, java.time.Instant.ofEpochMilli(1234), base);
		PipelineVersion read = PipelineVersion.fromHash("views", version.toHash());
		assertThat(read).isEqualTo(version);
		assertThat(PipelineVersion.fromHash("views", Map.of())).isNull();
	}

	@Test
	void expressionsLoseOnlyTheirFormatting() {
		assertThat(CanonicalText.expression("a  ==  b")).isEqualTo("a==b");
		assertThat(CanonicalText.expression("x in  [1, 2]")).isEqualTo("x in[1,2]");
		assertThat(CanonicalText.expression("s == 'a  b'")).isEqualTo("s=='a  b'");
		assertThat(CanonicalText.expression("s == \"a \\\"  b\"")).isEqualTo("s==\"a \\\"  b\"");
		assertThat(CanonicalText.expression("a in b")).isNotEqualTo(CanonicalText.expression("ainb"));
	}

	@Test
	void aSchemaCountsByItsContentNotWhereTheFileIsMounted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
			throws Exception {
		String yaml = BASE.replace("    id-field: event_id\n", "    id-field: event_id\n    schema: ad.json\n");
		PipelineFingerprint[] seen = new PipelineFingerprint[3];
		String[] schemas = { "{\"type\": \"object\"}", "{\"type\": \"object\"}", "{\"type\": \"array\"}" };
		for (int i = 0; i < 3; i++) {
			java.nio.file.Path mount = java.nio.file.Files.createDirectories(dir.resolve("mount-" + i));
			java.nio.file.Files.writeString(mount.resolve("ad.json"), schemas[i]);
			java.nio.file.Files.writeString(mount.resolve("p.yaml"), yaml);
			seen[i] = PipelineFingerprint.of(PipelineFileLoader.load(mount.resolve("p.yaml"))).get("views");
		}
		assertThat(seen[1].digest()).as("the same files at another path").isEqualTo(seen[0].digest());
		PipelineChange change = PipelineChange.between(seen[0], seen[2]);
		assertThat(change.kind()).isEqualTo(Kind.COMPATIBLE);
		assertThat(change.summary()).startsWith("source.schema: sha256:");
	}

}
