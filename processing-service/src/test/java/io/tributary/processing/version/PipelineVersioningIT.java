package io.tributary.processing.version;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineChange.Kind;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.contract.pipeline.PipelineVersion;
import io.tributary.testsupport.SharedRedisTemplate;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The start-up decision per pipeline on the real Redis: versions kept, carried over, begun or refused. */
class PipelineVersioningIT {

	private static final String FILE = """
			streams:
			  s: { time-field: ts }
			pipelines:
			  views:
			    source: s
			    key-by: k
			    window: { type: tumbling, size: 10s }
			    aggregate: { n: count }
			    retention: 1d
			  other:
			    source: s
			    key-by: k
			    window: { type: tumbling, size: 1m }
			    aggregate: { n: count }
			""";

	private final String ns = TestInfrastructure.newNamespace("version-it");

	private SharedRedisTemplate connection;

	private PipelineVersionStore store;

	@BeforeEach
	void connect() {
		this.connection = SharedRedisTemplate.connect(this.ns);
		this.store = new PipelineVersionStore(this.connection.redis(), new RedisKeys(this.ns));
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	private static Map<String, PipelineFingerprint> file(String yaml) {
		return PipelineFingerprint.of(PipelineFileLoader.load("p.yaml", yaml, null));
	}

	private Map<String, PipelineVersioning.Decision> start(String yaml, IncompatibleChangePolicy policy, int second) {
		Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L + second), ZoneOffset.UTC);
		return new PipelineVersioning(this.store, policy, clock).register(file(yaml));
	}

	@Test
	void versionsAreKeptCarriedOverAndBegunAsThePolicySays() {
		var first = start(FILE, IncompatibleChangePolicy.NEW_VERSION, 0);
		assertThat(first.get("views").change().kind()).isEqualTo(Kind.NEW);
		assertThat(first.get("views").version().version()).isEqualTo(1);

		var again = start(FILE, IncompatibleChangePolicy.NEW_VERSION, 10);
		assertThat(again.get("views").change().kind()).isEqualTo(Kind.UNCHANGED);
		assertThat(again.get("views").version().since()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));

		String compatible = FILE.replace("retention: 1d", "retention: 2d");
		var kept = start(compatible, IncompatibleChangePolicy.NEW_VERSION, 20);
		assertThat(kept.get("views").change().kind()).isEqualTo(Kind.COMPATIBLE);
		assertThat(kept.get("views").version().version()).isEqualTo(1);
		assertThat(this.store.read("views").definition().digest())
			.as("the digest processing runs is published").isEqualTo(file(compatible).get("views").digest());

		String incompatible = compatible.replace("size: 10s", "size: 20s");
		assertThatExceptionOfType(IncompatibleChangeException.class)
			.isThrownBy(() -> start(incompatible, IncompatibleChangePolicy.REFUSE, 30))
			.withMessageContaining("pipeline 'views': window: tumbling size 10s")
			.withMessageContaining("-> tumbling size 20s")
			.withMessageContaining("on-incompatible-change=new-version");
		assertThat(this.store.read("views").version()).as("a refusal writes nothing").isEqualTo(1);

		var bumped = start(incompatible, IncompatibleChangePolicy.NEW_VERSION, 40);
		assertThat(bumped.get("views").change().kind()).isEqualTo(Kind.INCOMPATIBLE);
		assertThat(bumped.get("views").version().version()).isEqualTo(2);
		assertThat(bumped.get("views").version().since()).isEqualTo(Instant.ofEpochSecond(1_800_000_040L));
		assertThat(bumped.get("other").version().version()).as("other pipelines keep theirs").isEqualTo(1);
		assertThat(this.store.read("views")).isEqualTo(bumped.get("views").version());
	}

	@Test
	void instancesStartingTogetherWithTheSameChangeMakeOneNewVersion() throws Exception {
		start(FILE, IncompatibleChangePolicy.NEW_VERSION, 0);
		String changed = FILE.replace("size: 10s", "size: 30s");
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<Map<String, PipelineVersioning.Decision>>> starts = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				int second = i;
				starts.add(pool.submit((Callable<Map<String, PipelineVersioning.Decision>>) () -> start(changed,
						IncompatibleChangePolicy.NEW_VERSION, 100 + second)));
			}
			for (Future<Map<String, PipelineVersioning.Decision>> s : starts) {
				assertThat(s.get().get("views").version().version()).isEqualTo(2);
			}
		}
		finally {
			pool.shutdownNow();
		}
		PipelineVersion stored = this.store.read("views");
		assertThat(stored.version()).isEqualTo(2);
	}

	@Test
	void validateComparesAFileWithWhatProcessingRuns() throws Exception {
		String running = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/validate/running.yaml"));
		start(running, IncompatibleChangePolicy.NEW_VERSION, 0);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
		String[] args = { "src/test/resources/validate/incompatible.yaml", "--redis", TestInfrastructure.redis().uri(),
				"--namespace", this.ns };
		assertThat(ValidateCommand.run(args, print, print)).isEqualTo(2);
		assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(
				"  views: new version 2, starts with empty state",
				"      metric 'clicks': count -> sum(weight)", "  fresh: new pipeline (starts empty)",
				"  retired: removed");
		out.reset();
		args[0] = "src/test/resources/validate/compatible.yaml";
		assertThat(ValidateCommand.run(args, print, print)).isZero();
		assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("  clicks: unchanged (version 1)",
				"  views: compatible, keeps its state (version 1)", "      retention: 7d -> 30d");
		assertThat(this.store.read("views").version()).as("validating changes nothing").isEqualTo(1);
	}

}
