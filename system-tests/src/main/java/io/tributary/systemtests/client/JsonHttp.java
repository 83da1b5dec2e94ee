package io.tributary.systemtests.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** A small blocking HTTP client for one service's base URL, sending an API key if it has one; thread-safe. */
final class JsonHttp {

	private final HttpClient client;

	private final URI base;

	private final Duration timeout;

	private final @Nullable String apiKey;

	JsonHttp(URI base, Duration timeout, @Nullable String apiKey) {
		this.base = base;
		this.timeout = timeout;
		this.apiKey = apiKey;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	URI base() {
		return this.base;
	}

	/** A GET, tried up to three times when it times out (it changes nothing; a busy machine can be slow). */
	HttpResult get(String pathAndQuery) {
		for (int attempt = 1;; attempt++) {
			try {
				return send("GET", pathAndQuery, null, null);
			}
			catch (UncheckedIOException ex) {
				if (attempt == 3 || !(ex.getCause() instanceof java.net.http.HttpTimeoutException)) {
					throw ex;
				}
			}
		}
	}

	HttpResult send(String method, String pathAndQuery, @Nullable String contentType, byte @Nullable [] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(pathAndQuery))
			.timeout(this.timeout)
			.header("Accept", "application/json, application/problem+json");
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (this.apiKey != null) {
			request.header("Authorization", "Bearer " + this.apiKey);
		}
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
				: HttpRequest.BodyPublishers.noBody());
		try {
			HttpResponse<String> response = this.client.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new HttpResult(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + this.base.resolve(pathAndQuery) + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during " + method + " " + pathAndQuery, ex);
		}
	}

	static String segment(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	static String param(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
