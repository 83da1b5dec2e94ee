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
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
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
		signIn(wait, StoredResults.VIEWER);
		wait.until((b) -> b.findElements(By.cssSelector("#pipelines tbody tr")).size() == 2);
		assertThat(this.browser.findElement(By.cssSelector("#pipelines tbody tr td")).getText()).isEqualTo(PIPELINE);
		wait.until((b) -> b.findElement(By.id("live-status")).getText().startsWith("live:"));
		assertThat(this.browser.findElement(By.id("key")).getAttribute("value")).isEqualTo(KEY);

		// two more windows, as storage appends them to the feed: they arrive over the live stream
		for (int w = 3; w < 5; w++) {
			redis.xadd(NS + ":feed:{" + PIPELINE + "}", Map.of("data", write(redis, first + w * 10_000L, 5 + w, false)));
		}
		wait.until((b) -> Integer.parseInt(b.findElement(By.id("live-status")).getAttribute("data-received")) >= 2);

		// the chart plots the values that were sent, at the window starts that were sent: for each
		// (start, views) the line's colour is on the canvas where uPlot's own scales put that point,
		// and not where a value one off would be
		wait.until((b) -> plotted(b).size() == 5);
		assertThat(plotted(this.browser)).as("x (window start, s) -> y (views) of the plotted series")
			.containsExactly(List.of(first / 1000.0, 5.0), List.of(first / 1000.0 + 10, 6.0),
					List.of(first / 1000.0 + 20, 7.0), List.of(first / 1000.0 + 30, 8.0),
					List.of(first / 1000.0 + 40, 9.0));
		for (int w = 0; w < 5; w++) {
			double x = first / 1000.0 + w * 10;
			assertThat(inkAt(x, 5 + w)).as("the line at window %d, %d views", w, 5 + w).isTrue();
			assertThat(inkAt(x, 5 + w + 1.5)).as("no line at window %d, %s views", w, 5 + w + 1.5).isFalse();
		}
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

	/** The chart's series as [x, y] pairs, read from the uPlot instance the page draws with. */
	@SuppressWarnings("unchecked")
	private static List<List<Double>> plotted(WebDriver browser) {
		Object pairs = ((JavascriptExecutor) browser).executeScript("""
				const u = document.getElementById('chart').chart;
				if (!u) { return []; }
				return u.data[0].map((x, i) => [x, u.data[1][i]]);""");
		return ((List<List<Number>>) pairs).stream()
			.map((pair) -> pair.stream().map(Number::doubleValue).toList())
			.toList();
	}

	/**
	 * Whether the series' stroke colour (#2f6fdf) is on the canvas within two pixels of where uPlot's
	 * scales put {@code (x, y)}.
	 */
	private boolean inkAt(double x, double y) {
		Object found = ((JavascriptExecutor) this.browser).executeScript("""
				const u = document.getElementById('chart').chart;
				const px = Math.round(u.valToPos(arguments[0], 'x', true));
				const py = Math.round(u.valToPos(arguments[1], 'y', true));
				const pixels = u.ctx.getImageData(px - 2, py - 2, 5, 5).data;
				for (let i = 0; i < pixels.length; i += 4) {
					const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
					if (a > 128 && Math.abs(r - 47) < 40 && Math.abs(g - 111) < 40 && Math.abs(b - 223) < 40) { return true; }
				}
				return false;""", x, y);
		return Boolean.TRUE.equals(found);
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

	/**
	 * Signs in as a person would: the page asks for a key, exchanges it for a session cookie, and keeps
	 * the key nowhere (not in the page, not in the address).
	 */
	private void signIn(WebDriverWait wait, TestKey key) {
		wait.until((b) -> b.findElement(By.id("api-key")).isDisplayed());
		assertThat(this.browser.findElement(By.id("app")).isDisplayed()).as("no data before signing in").isFalse();
		this.browser.findElement(By.id("api-key")).sendKeys(key.key());
		this.browser.findElement(By.id("login-button")).click();
		wait.until((b) -> b.findElement(By.id("app")).isDisplayed());
		assertThat(this.browser.findElement(By.id("who")).getText()).contains(key.name());
		assertThat(this.browser.findElement(By.id("api-key")).getAttribute("value")).isEmpty();
		assertThat(this.browser.getPageSource()).doesNotContain(key.key());
		assertThat(this.browser.getCurrentUrl()).doesNotContain(key.key());
		Cookie session = this.browser.manage().getCookieNamed("JSESSIONID");
		assertThat(session).as("the session cookie").isNotNull();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Strict");
	}

}
