package io.tributary.processing.version;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.testsupport.OwnRedisClusterTemplate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tributary validate --redis-cluster} on a real six-node Redis Cluster: the version records of
 * the running pipelines lie on several masters, and every one of them is found.
 */
class ValidateCommandOnRedisClusterIT {

	/** Started when the class is initialised, closed after its tests. */
	@AutoClose
	private static final OwnRedisClusterTemplate cluster = OwnRedisClusterTemplate.start();

	@Test
	void validateFindsTheVersionsOfPipelinesOnEveryMaster() throws Exception {
		String ns = "validate-it";
		RedisKeys keys = new RedisKeys(ns);
		var running = PipelineFingerprint.of(PipelineFileLoader.load(Path.of("src/test/resources/validate/running.yaml")));
		new PipelineVersioning(new PipelineVersionStore(cluster.redis(), keys), IncompatibleChangePolicy.NEW_VERSION,
				Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC))
			.register(running);
		Set<Integer> masters = new HashSet<>();
		for (String pipeline : running.keySet()) {
			masters.add(cluster.cluster().masterPortOf(keys.pipelineVersion(pipeline)));
		}
		assertThat(masters).as("masters holding the %d version records", running.size()).hasSizeGreaterThan(1);

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
		String[] args = { "src/test/resources/validate/running.yaml", "--redis-cluster",
				String.join(",", cluster.cluster().nodes()), "--namespace", ns };

		assertThat(ValidateCommand.run(args, print, print)).isZero();
		String said = out.toString(StandardCharsets.UTF_8);
		for (String pipeline : running.keySet()) {
			assertThat(said).contains("  " + pipeline + ": unchanged (version 1)");
		}
		assertThat(said).doesNotContain("new pipeline");
	}

}
