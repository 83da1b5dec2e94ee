package io.tributary.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard page in a real browser (Debian's headless chromium through chromedriver): it lists
 * the pipelines, follows a key's results live and draws them, and ranks the keys. The test writes
 * results and appends to the live feed with plain Redis commands, as storage does, and saves a
 * screenshot to {@code target/dashboard.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardIT {

	private static final String NS = TestInfrastructure.newNamespace("dashboard-it");

	private static final String PIPELINE = "campaign-views";

	private static final String KEY = "campaign-dash";

	private static final Path CHROMIUM = Path.of(System.getProperty("tributary.chromium", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path.of(System.getProperty("tributary.chromedriver", "/usr/bin/chromedriver"));

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@LocalServerPort
	private int port;

	private WebDriver browser;

	private Path profile;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StoredResults.properties(registry, NS);
		registry.add("tributary.live.poll-interval", () -> "50ms");
	}

	@BeforeAll
	static void connect() {
		client = RedisClient.create(TestInfrastructure.redis().uri());
		connection = client.connect();
	}

	@AfterAll
	static void cleanUp() {
		connection.close();
		client.shutdown();
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	@BeforeEach
	void openBrowser() throws IOException {
		assertThat(CHROMIUM).as("chromium (Debian package chromium; .ci/run installs it)").isExecutable();
		assertThat(CHROMEDRIVER).as("chromedriver (Debian package chromium-driver)").isExecutable();
		this.profile = Files.createTempDirectory("dashboard-it-chromium");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void closeBrowser() throws IOException {
		if (this.browser != null) {
			this.browser.quit();
		}
		try (var files = Files.walk(this.profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

	@Test
	void showsThePipelinesFollowsAKeyLiveDrawsItAndRanksTheKeys() throws Exception {
		RedisCommands<String, String> redis = connection.sync();
		Instant now = Instant.now();
		long first = now.minusSeconds(60).toEpochMilli() / 10_000 * 10_000;
		for (int w = 0; w < 3; w++) {
			write(redis, first + w * 10_000L, 5 + w, true);
		}
		redis.zadd(NS + ":keys:{" + PIPELINE + "}", first + 20_000, KEY);

		this.browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		// the page re-renders its tables while a condition reads them: try again rather than fail
		wait.ignoring(StaleElementReferenceException.class);
		wait.until((b) -> b.findElements(By.cssSelector("#pipelines tbody tr")).size() == 2);
		assertThat(this.browser.findElement(By.cssSelector("#pipelines tbody tr td")).getText()).isEqualTo(PIPELINE);
		wait.until((b) -> b.findElement(By.id("live-status")).getText().startsWith("live:"));
		assertThat(this.browser.findElement(By.id("key")).getAttribute("value")).isEqualTo(KEY);

		// two more windows, as storage appends them to the feed: they arrive over the live stream
		for (int w = 3; w < 5; w++) {
			redis.xadd(NS + ":feed:{" + PIPELINE + "}", Map.of("data", write(redis, first + w * 10_000L, 5 + w, false)));
		}
		wait.until((b) -> Integer.parseInt(b.findElement(By.id("live-status")).getAttribute("data-received")) >= 2);

		// the chart has drawn something: its canvas is not blank
		Object inked = ((JavascriptExecutor) this.browser).executeScript("""
				const canvas = document.querySelector('#chart canvas');
				if (!canvas) { return 0; }
				const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
				let inked = 0;
				for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { inked++; } }
				return inked;""");
		assertThat(((Number) inked).longValue()).as("painted pixels of the chart").isGreaterThan(100);
		// the ranking refreshes every 5 s: then it has the key with its views over the five windows
		wait.until((b) -> topCells(b).size() > 1 && topCells(b).get(0).equals(KEY));
		wait.until((b) -> topCells(b).get(1).equals(String.valueOf(5 + 6 + 7 + 8 + 9)));

		// an alert opens, as storage writes it: the open alerts table shows it
		String id = "slow|" + KEY + "|" + (first + 40_000);
		String alert = """
				{"id":"%s","pipeline":"campaign-views","rule":"slow","key":"%s","status":"open","severity":"critical",\
				"kind":"threshold","condition":"avg_latency > 1500","windowStart":"%s","windowEnd":"%s","breaches":1,\
				"metrics":{"views":9},"openedAt":"%s","updatedAt":"%s","revision":1}""".formatted(id, KEY,
				Instant.ofEpochMilli(first + 40_000), Instant.ofEpochMilli(first + 50_000), now, now);
		redis.hset(NS + ":alerts:{" + PIPELINE + "}", id, alert);
		redis.zadd(NS + ":alerts:{" + PIPELINE + "}:index", first + 40_000, id);
		redis.zadd(NS + ":alerts:{" + PIPELINE + "}:open", first + 40_000, id);
		redis.xadd(NS + ":feed:{" + PIPELINE + "}", Map.of("type", "alert", "data", alert));
		wait.until((b) -> alertCells(b).size() > 3 && alertCells(b).get(0).equals(KEY));
		assertThat(alertCells(this.browser).subList(0, 4)).containsExactly(KEY, "slow", "critical",
				"avg_latency > 1500");
		assertThat(this.browser.findElement(By.id("alerts-count")).getText()).isEqualTo("1 open");

		Path screenshot = Path.of("target", "dashboard.png");
		Files.createDirectories(screenshot.getParent());
		Files.write(screenshot, ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES));
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);
	}

	private static List<String> alertCells(WebDriver browser) {
		return browser.findElements(By.cssSelector("#alerts tbody tr td")).stream().map((e) -> e.getText()).toList();
	}

	private static List<String> topCells(WebDriver browser) {
		return browser.findElements(By.cssSelector("#top tbody tr td")).stream().map((e) -> e.getText()).toList();
	}

	/** Stores the window's result with {@code views} events, as storage does; returns it as the feed carries it. */
	private static String write(RedisCommands<String, String> redis, long start, int views, boolean isFinal) {
		List<Long> latencies = new java.util.ArrayList<>();
		for (int e = 0; e < views; e++) {
			latencies.add(100L + e);
		}
		return StoredResults.write(redis, NS, KEY, start, latencies, isFinal, 0);
	}

}
