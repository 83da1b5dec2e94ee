package io.tributary.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the query-service integration tests of the whole service share: the service on a random port
 * and GET requests to it with {@link StoredResults#KEY}. A test extending it gives the service its
 * settings with {@link StoredResults#properties} and deletes its namespace after its tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class QueryTestBed {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	/** GET of a path of the service (or a whole URL), with {@link StoredResults#KEY}. */
	HttpResponse<String> getWithKey(String pathOrUrl) throws IOException, InterruptedException {
		String url = pathOrUrl.startsWith("http") ? pathOrUrl : "http://localhost:" + this.port + pathOrUrl;
		return HTTP.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", StoredResults.KEY.bearer())
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
