package io.tributary.storage.notify;

import java.time.Duration;
import java.util.Map;

import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.storage.StorageProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Notification targets bind from the property names operations.md documents; a target that is not
 * configured, or a URL that is not one, stops the start with the place named.
 */
class NotifySettingsTests {

	private static final String FILE = """
			streams:
			  clicks: {}
			pipelines:
			  views:
			    source: clicks
			    key-by: campaign
			    window: { type: tumbling, size: 10s }
			    aggregate: { views: count }
			    alerts:
			      hot:
			        when: views > 10
			        notify: [ops-hook, team-chat]
			  quiet:
			    source: clicks
			    key-by: campaign
			    window: { type: tumbling, size: 10s }
			    aggregate: { views: count }
			    alerts:
			      unheard:
			        when: views > 10
			""";

	@Test
	void targetsBindWithTheirFormatAndTheDocumentedDefaults() {
		StorageProperties.Notify notify = bind(Map.of("tributary.notify.targets.ops-hook.url", "https://hooks.example/a",
				"tributary.notify.targets.ops-hook.secret", "s3cret", "tributary.notify.targets.team-chat.url",
				"http://chat.example/hook", "tributary.notify.targets.team-chat.format", "slack"));

		assertThat(notify.targets()).containsOnlyKeys("ops-hook", "team-chat");
		assertThat(notify.targets().get("ops-hook").format()).isEqualTo(StorageProperties.Format.GENERIC);
		assertThat(notify.targets().get("ops-hook").secret()).isEqualTo("s3cret");
		assertThat(notify.targets().get("ops-hook").toString()).doesNotContain("s3cret");
		assertThat(notify.targets().get("team-chat").format()).isEqualTo(StorageProperties.Format.SLACK);
		assertThat(notify.attempts()).isEqualTo(6);
		assertThat(notify.backoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(notify.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
		assertThat(notify.timeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(notify.claimAfter()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void aTargetWithoutADashInItsNameBindsFromEnvironmentVariables() {
		SystemEnvironmentPropertySource env = new SystemEnvironmentPropertySource("systemEnvironment",
				Map.of("TRIBUTARY_NOTIFY_TARGETS_OPS_URL", "https://hooks.example/a", "TRIBUTARY_NOTIFY_TARGETS_OPS_SECRET",
						"s3cret", "TRIBUTARY_NOTIFY_TARGETS_OPS_FORMAT", "slack"));
		StorageProperties.Target ops = new Binder(ConfigurationPropertySources.from(env))
			.bindOrCreate("tributary", StorageProperties.class)
			.notifications()
			.targets()
			.get("ops");

		assertThat(ops).isNotNull();
		assertThat(ops.url()).isEqualTo("https://hooks.example/a");
		assertThat(ops.secret()).isEqualTo("s3cret");
		assertThat(ops.format()).isEqualTo(StorageProperties.Format.SLACK);
	}

	@Test
	void aUrlThatIsNotAnAbsoluteHttpUrlIsRefusedByName() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("tributary.notify.targets.ops-hook.url", "hooks.example/a")))
			.withMessageContaining("tributary.notify.targets.ops-hook")
			.havingRootCause()
			.withMessageContaining("must be an absolute http:// or https:// URL");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("tributary.notify.targets.ops-hook.url", "ftp://hooks.example/a")))
			.havingRootCause()
			.withMessageContaining("must be an absolute http:// or https:// URL");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("tributary.notify.targets.ops-hook.secret", "x")))
			.havingRootCause()
			.withMessageContaining("a target needs a url");
	}

	@Test
	void onlyPipelinesWhoseRulesNotifyAreDelivered() {
		StorageProperties.Notify notify = bind(Map.of("tributary.notify.targets.ops-hook.url", "https://a.example",
				"tributary.notify.targets.team-chat.url", "https://b.example"));

		assertThat(NotifyConfiguration.pipelinesToDeliver(file(), notify)).containsExactly("views");
	}

	@Test
	void aTargetTheConfigurationLacksIsAPipelineFileErrorAtItsPlace() {
		StorageProperties.Notify notify = bind(Map.of("tributary.notify.targets.ops-hook.url", "https://a.example"));

		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> NotifyConfiguration.pipelinesToDeliver(file(), notify))
			.satisfies((ex) -> assertThat(ex.problems()).singleElement()
				.asString()
				.startsWith("p.yaml:12:")
				.contains("pipelines.views.alerts.hot.notify[1]", "unknown notification target 'team-chat'",
						"configured targets: [ops-hook]", "tributary.notify.targets.team-chat.url"));
	}

	private static PipelineFile file() {
		return PipelineFileLoader.load("p.yaml", FILE, null);
	}

	private static StorageProperties.Notify bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("tributary", StorageProperties.class)
			.notifications();
	}

}
