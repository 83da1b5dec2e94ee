package io.tributary.systemtests.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tributary.contract.WireFormat;
import tools.jackson.databind.JsonNode;

/** A response as the tests look at it: status, headers and the body text. */
public record HttpResult(int status, Map<String, List<String>> headers, String body) {

	public HttpResult {
		headers = Map.copyOf(headers);
	}

	/** The body as JSON; an {@link IllegalStateException} quoting it when it is not JSON. */
	public JsonNode json() {
		try {
			return WireFormat.mapper().readTree(this.body);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Not a JSON body (HTTP " + this.status + "): " + abbreviated(), ex);
		}
	}

	public Optional<String> header(String name) {
		return this.headers.entrySet().stream().filter((e) -> e.getKey().equalsIgnoreCase(name))
			.flatMap((e) -> e.getValue().stream()).findFirst();
	}

	public String contentType() {
		return header("Content-Type").orElse("");
	}

	/** The body cut to a length that fits in an assertion message. */
	public String abbreviated() {
		return (this.body.length() <= 2000) ? this.body : this.body.substring(0, 2000) + "...";
	}

	@Override
	public String toString() {
		return "HTTP " + this.status + " " + contentType() + " " + abbreviated();
	}

}
