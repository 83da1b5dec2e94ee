package io.tributary.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The JSON of an alert as storage's alert.lua, the query API, the dashboard and the end-to-end
 * tests read it, pinned byte for byte against hand-written documents.
 */
class AlertJsonTests {

	private static final String OPEN_THRESHOLD = """
			{"id":"high|k|1772359230000","pipeline":"views","rule":"high","key":"k","status":"open",\
			"severity":"critical","kind":"threshold","condition":"hi > 100","windowStart":"2026-03-01T10:00:30Z",\
			"windowEnd":"2026-03-01T10:00:50Z","breaches":2,"metrics":{"n":60,"hi":300.0},\
			"openedAt":"2026-03-01T12:00:03Z","updatedAt":"2026-03-01T12:00:04Z","revision":2,"version":1}""";

	private static final String RESOLVED_ANOMALY = """
			{"id":"spike|k|1772359240000","pipeline":"views","rule":"spike","key":"k","status":"resolved",\
			"severity":"warning","kind":"anomaly",\
			"condition":"n more than 4 standard deviations above its recent average",\
			"windowStart":"2026-03-01T10:00:40Z","windowEnd":"2026-03-01T10:00:50Z","breaches":1,\
			"metrics":{"n":60,"hi":null},"value":60.0,"expected":11.0,"deviation":48.5,\
			"openedAt":"2026-03-01T12:00:04Z","updatedAt":"2026-03-01T12:00:09Z",\
			"resolvedAt":"2026-03-01T12:00:09Z","resolution":"quiet","revision":2,"version":1}""";

	private static Instant t(String time) {
		return Instant.parse("2026-03-01T" + time + "Z");
	}

	private static Map<String, @Nullable Object> metrics(long n, @Nullable Double hi) {
		Map<String, @Nullable Object> metrics = new LinkedHashMap<>();
		metrics.put("n", n);
		metrics.put("hi", hi);
		return metrics;
	}

	@Test
	void anOpenThresholdAlertOmitsWhatItDoesNotHave() {
		Alert alert = Alert
			.opened("views", 1, "high", "k", Alert.Severity.critical, Alert.Kind.threshold, "hi > 100", t("10:00:30"),
					Alert.Breach.of(t("10:00:40"), metrics(12, 200.0)), t("12:00:03"))
			.withBreach(Alert.Breach.of(t("10:00:50"), metrics(60, 300.0)), t("12:00:04"));

		assertThat(WireFormat.writeString(alert)).isEqualTo(OPEN_THRESHOLD);
		assertThat(WireFormat.read(OPEN_THRESHOLD, Alert.class)).isEqualTo(alert);
	}

	@Test
	void aResolvedAnomalyAlertSaysHowAndWhenItResolved() {
		Alert alert = Alert
			.opened("views", 1, "spike", "k", Alert.Severity.warning, Alert.Kind.anomaly,
					"n more than 4 standard deviations above its recent average", t("10:00:40"),
					new Alert.Breach(t("10:00:50"), metrics(60, null), 60.0, 11.0, 48.5), t("12:00:04"))
			.resolved(Alert.Resolution.quiet, t("12:00:09"));

		assertThat(WireFormat.writeString(alert)).isEqualTo(RESOLVED_ANOMALY);
		assertThat(WireFormat.read(RESOLVED_ANOMALY, Alert.class)).isEqualTo(alert);
	}

	@Test
	void theWithMethodsChangeOnlyWhatARevisionChanges() {
		Alert opened = Alert.opened("views", 1, "high", "k", Alert.Severity.info, Alert.Kind.threshold, "n > 1",
				t("10:00:00"), Alert.Breach.of(t("10:00:10"), metrics(2, 1.0)), t("12:00:00"));
		Alert again = opened.withBreach(new Alert.Breach(t("10:00:20"), metrics(3, 2.0), 3.0, 2.0, 1.5), t("12:00:01"));
		Alert resolved = again.resolved(Alert.Resolution.recovered, t("12:00:02"));

		assertThat(opened).isEqualTo(new Alert("high|k|1772359200000", "views", "high", "k", Alert.Status.open,
				Alert.Severity.info, Alert.Kind.threshold, "n > 1", t("10:00:00"), t("10:00:10"), 1, metrics(2, 1.0),
				null, null, null, t("12:00:00"), t("12:00:00"), null, null, 1, 1));
		assertThat(again).isEqualTo(new Alert("high|k|1772359200000", "views", "high", "k", Alert.Status.open,
				Alert.Severity.info, Alert.Kind.threshold, "n > 1", t("10:00:00"), t("10:00:20"), 2, metrics(3, 2.0),
				3.0, 2.0, 1.5, t("12:00:00"), t("12:00:01"), null, null, 2, 1));
		assertThat(resolved).isEqualTo(new Alert("high|k|1772359200000", "views", "high", "k", Alert.Status.resolved,
				Alert.Severity.info, Alert.Kind.threshold, "n > 1", t("10:00:00"), t("10:00:20"), 2, metrics(3, 2.0),
				3.0, 2.0, 1.5, t("12:00:00"), t("12:00:02"), t("12:00:02"), Alert.Resolution.recovered, 3, 1));
		assertThatIllegalStateException().isThrownBy(() -> resolved.withBreach(Alert.Breach.of(t("10:00:30"),
				metrics(4, 3.0)), t("12:00:03")));
	}

	@Test
	void aLaterVersionsAlertNamesItsVersionAndStartsAboveEveryRevisionOfTheOlderOne() {
		Alert opened = Alert.opened("views", 3, "high", "k", Alert.Severity.info, Alert.Kind.threshold, "n > 1",
				t("10:00:00"), Alert.Breach.of(t("10:00:10"), metrics(2, 1.0)), t("12:00:00"));
		Alert resolved = opened.resolved(Alert.Resolution.recovered, t("12:00:01"));

		// version 3 counts from 2 * 2^32 = 8589934592
		assertThat(opened.revision()).isEqualTo(8_589_934_593L);
		assertThat(opened.version()).isEqualTo(3);
		assertThat(resolved.revision()).isEqualTo(8_589_934_594L);
		assertThat(resolved.version()).isEqualTo(3);
		assertThat(WireFormat.writeString(opened)).endsWith(",\"revision\":8589934593,\"version\":3}");
	}

	@Test
	void anAlertWrittenBeforeAlertsNamedTheirVersionReadsAsVersionOne() {
		String legacy = OPEN_THRESHOLD.replace(",\"version\":1", "");

		Alert alert = WireFormat.read(legacy, Alert.class);

		assertThat(alert.version()).isEqualTo(1);
		assertThat(alert.revision()).isEqualTo(2);
	}

	@Test
	void everyEnumIsLowerCaseOnTheWireAsUsersReadAndFilterIt() {
		assertThat(Alert.Severity.values()).extracting(WireFormat::writeString)
			.containsExactly("\"info\"", "\"warning\"", "\"critical\"");
		assertThat(Alert.Kind.values()).extracting(WireFormat::writeString)
			.containsExactly("\"threshold\"", "\"anomaly\"", "\"forecast\"");
		assertThat(Alert.Resolution.values()).extracting(WireFormat::writeString)
			.containsExactly("\"recovered\"", "\"quiet\"");
		assertThat(Alert.Status.values()).extracting(WireFormat::writeString)
			.containsExactly("\"open\"", "\"resolved\"");
	}

}
