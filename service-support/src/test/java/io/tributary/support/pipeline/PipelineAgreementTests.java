package io.tributary.support.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.contract.pipeline.PipelineVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineAgreementTests {

	private static final String FILE = """
			streams:
			  s: {}
			pipelines:
			  views:
			    source: s
			    key-by: k
			    window: { type: tumbling, size: 10s }
			    aggregate: { n: count }
			""";

	private final Map<String, PipelineVersion> redis = new HashMap<>();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(PipelineAgreement.class);

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		this.logger.addAppender(this.logs);
	}

	@AfterEach
	void releaseLogs() {
		this.logger.detachAppender(this.logs);
	}

	private static Map<String, PipelineFingerprint> file(String yaml) {
		return PipelineFingerprint.of(PipelineFileLoader.load("p.yaml", yaml, null));
	}

	private void processingRuns(String yaml) {
		this.redis.put("views", new PipelineVersion(2, Instant.EPOCH, file(yaml).get("views")));
	}

	private List<String> warnings() {
		return this.logs.list.stream().filter((e) -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	@Test
	void aServiceWithAnotherFileIsOutOfSyncAndSaysWhatDiffersOnce() {
		PipelineAgreement agreement = new PipelineAgreement(file(FILE), this.redis::get, Duration.ofSeconds(1));
		assertThat(agreement.check().getStatus()).as("processing has not run it yet").isEqualTo(Status.UP);

		processingRuns(FILE.replace("size: 10s", "size: 20s"));
		Health health = agreement.check();
		assertThat(health.getStatus()).isEqualTo(PipelineAgreement.OUT_OF_SYNC);
		assertThat(health.getDetails().get("views").toString()).contains("version=2",
				"differs=window: tumbling size 20s");
		agreement.check();
		agreement.check();
		assertThat(warnings()).singleElement().asString().contains("Pipeline 'views'", "differs from the one processing runs");
		assertThat(agreement.health()).isEqualTo(health);

		processingRuns(FILE);
		assertThat(agreement.check().getStatus()).isEqualTo(Status.UP);
		assertThat(warnings()).hasSize(1);
		processingRuns(FILE.replace("size: 10s", "size: 30s"));
		agreement.check();
		assertThat(warnings()).as("a new difference is logged again").hasSize(2);
	}

	@Test
	void anUnreadableRecordOrRedisDownIsUnknownNotADifference() {
		PipelineAgreement agreement = new PipelineAgreement(file(FILE), (p) -> {
			throw new IllegalStateException("Redis down");
		}, Duration.ofSeconds(1));
		assertThat(agreement.check().getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(warnings()).isEmpty();
	}

}
