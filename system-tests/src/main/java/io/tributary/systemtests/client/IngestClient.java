package io.tributary.systemtests.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.contract.WireFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The ingestion service's HTTP API: events into a stream, lookup tables. Thread-safe. */
public final class IngestClient {

	public static final String NDJSON = "application/x-ndjson";

	private final JsonHttp http;

	/** A client that sends this API key (scope {@code ingest}, and {@code lookups} for tables), or none. */
	public IngestClient(URI base, @Nullable String apiKey) {
		this(base, Duration.ofSeconds(30), apiKey);
	}

	public IngestClient(URI base, Duration timeout, @Nullable String apiKey) {
		this.http = new JsonHttp(base, timeout, apiKey);
	}

	/** Posts events (a list: a JSON array; a map: one JSON object). */
	public HttpResult postJson(String stream, Object body) {
		return postRaw(stream, WireFormat.CONTENT_TYPE, WireFormat.write(body));
	}

	public HttpResult postNdjson(String stream, List<? extends Map<String, ?>> events) {
		StringBuilder text = new StringBuilder();
		for (Map<String, ?> event : events) {
			text.append(WireFormat.writeString(event)).append('\n');
		}
		return postRaw(stream, NDJSON, text.toString().getBytes(StandardCharsets.UTF_8));
	}

	public HttpResult postRaw(String stream, String contentType, byte[] body) {
		return this.http.send("POST", "/api/v1/streams/" + JsonHttp.segment(stream) + "/events", contentType, body);
	}

	public HttpResult putLookup(String table, Object body) {
		return putLookupRaw(table, WireFormat.CONTENT_TYPE, WireFormat.write(body));
	}

	public HttpResult putLookupRaw(String table, String contentType, byte[] body) {
		return this.http.send("PUT", "/api/v1/lookups/" + JsonHttp.segment(table), contentType, body);
	}

	public HttpResult get(String pathAndQuery) {
		return this.http.get(pathAndQuery);
	}

	/** Posts a JSON body to any path of the service (the admin endpoints). */
	public HttpResult post(String path, Object body) {
		return this.http.send("POST", path, WireFormat.CONTENT_TYPE, WireFormat.write(body));
	}

	/** The ids of a 202 answer, in request order. */
	public static List<String> acceptedIds(HttpResult accepted) {
		JsonNode ids = accepted.json().path("ids");
		List<String> result = new ArrayList<>();
		for (JsonNode id : ids) {
			result.add(id.asString());
		}
		return result;
	}

	/** The {@code accepted} count of a 202 answer. */
	public static long acceptedCount(HttpResult accepted) {
		return accepted.json().path("accepted").asLong(-1);
	}

}
