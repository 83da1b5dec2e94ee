package io.tributary.systemtests.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The query service's HTTP API, as far as the system tests and the benchmark read it. Thread-safe. */
public final class QueryClient {

	private static final int PAGE = 1000;

	private final JsonHttp http;

	/** A client that sends this API key (scope {@code query}), or none. */
	public QueryClient(URI base, @Nullable String apiKey) {
		this.http = new JsonHttp(base, Duration.ofSeconds(30), apiKey);
	}

	/** Every result of the key, oldest first, following {@code next} links; none when the key is unknown (404). */
	public List<WindowResult> results(String pipeline, String key) {
		List<WindowResult> all = new ArrayList<>();
		String page = "/api/v1/pipelines/" + JsonHttp.segment(pipeline) + "/results?key=" + JsonHttp.param(key)
				+ "&limit=" + PAGE;
		int pages = 0;
		while (page != null) {
			HttpResult result = this.http.get(page);
			if (result.status() == 404 && pages == 0) {
				return List.of();
			}
			require(result, 200);
			JsonNode body = result.json();
			for (JsonNode item : body.path("items")) {
				all.add(parse(item));
			}
			page = nextPage(body);
			if (++pages > 10_000) {
				throw new IllegalStateException("more than 10000 pages of results: the next links do not end");
			}
		}
		return all;
	}

	public Optional<WindowResult> latest(String pipeline, String key) {
		HttpResult result = this.http
			.get("/api/v1/pipelines/" + JsonHttp.segment(pipeline) + "/keys/" + JsonHttp.segment(key) + "/latest");
		if (result.status() == 404) {
			return Optional.empty();
		}
		require(result, 200);
		return Optional.of(parse(result.json()));
	}

	/**
	 * The keys the pipeline has results for. Reads the list leniently: a JSON array, or an object
	 * holding it in {@code items} or {@code keys}; elements are strings or objects with a {@code key}.
	 */
	public List<String> keys(String pipeline, int limit) {
		HttpResult result = this.http.get("/api/v1/pipelines/" + JsonHttp.segment(pipeline) + "/keys?limit=" + limit);
		require(result, 200);
		return keysOf(result.json());
	}

	public HttpResult get(String pathAndQuery) {
		return this.http.get(pathAndQuery);
	}

	static List<String> keysOf(JsonNode body) {
		JsonNode list = body;
		if (body.isObject()) {
			list = body.has("items") ? body.get("items") : body.path("keys");
		}
		if (!list.isArray()) {
			throw new IllegalStateException("Unexpected keys listing: " + body);
		}
		List<String> keys = new ArrayList<>();
		for (JsonNode element : list) {
			keys.add(element.isObject() ? element.path("key").asString() : element.asString());
		}
		return keys;
	}

	static WindowResult parse(JsonNode item) {
		try {
			return WireFormat.mapper().treeToValue(item, WindowResult.class);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Not a window result: " + item + " (" + ex.getMessage() + ")", ex);
		}
	}

	private @Nullable String nextPage(JsonNode body) {
		JsonNode next = body.path("next");
		if (next.isMissingNode() || next.isNull() || next.asString().isBlank()) {
			return null;
		}
		// absolute or relative: resolve against the service, keep only path and query
		URI uri = this.http.base().resolve(next.asString());
		return uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

	private static void require(HttpResult result, int status) {
		if (result.status() != status) {
			throw new IllegalStateException("Expected HTTP " + status + " from the query service, got " + result);
		}
	}

}
