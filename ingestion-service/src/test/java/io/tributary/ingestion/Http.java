package io.tributary.ingestion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.tributary.testsupport.TestKey;
import org.jspecify.annotations.Nullable;

/** A small HTTP client for the integration tests: real requests over a socket, with a test API key. */
public final class Http {

	/** The key the integration tests send: every scope. */
	public static final TestKey KEY = TestKey.admin("ingestion-it");

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final @Nullable TestKey key;

	/** A client that sends {@link #KEY}. */
	public Http(int port) {
		this(port, KEY);
	}

	/** A client that sends this key, or none. */
	public Http(int port, @Nullable TestKey key) {
		this.base = "http://127.0.0.1:" + port;
		this.key = key;
	}

	public HttpResponse<String> send(String method, String path, @Nullable String contentType, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	public HttpResponse<String> post(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
	}

	public HttpResponse<String> put(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
	}

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		if (this.key != null) {
			request.header("Authorization", this.key.bearer());
		}
		try {
			return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
