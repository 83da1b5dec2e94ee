package io.tributary.testsupport;

import java.util.List;

/**
 * Requests Tomcat refuses before any application sees them, as raw HTTP/1.1 text: what a careful
 * attacker sends to find a container's own error page, a parser disagreement or a smuggling gap.
 * Every one must be answered 4xx with problem details.
 */
public final class HostileRequests {

	private HostileRequests() {
	}

	/** A request and why it is hostile. */
	public record Hostile(String name, String request) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** The container-level cases; {@code path} is an existing path of the service (a GET). */
	public static List<Hostile> containerLevel(String path) {
		String headers = "Host: 127.0.0.1\r\nConnection: close\r\n";
		return List.of(
				new Hostile("NUL in the path", "GET " + path + "%00 HTTP/1.1\r\n" + headers + "\r\n"),
				new Hostile("invalid UTF-8 in the path", "GET " + path + "%FF%FE HTTP/1.1\r\n" + headers + "\r\n"),
				new Hostile("overlong UTF-8 slash in the path", "GET /%C0%AF" + path + " HTTP/1.1\r\n" + headers + "\r\n"),
				new Hostile("dot segments above the root", "GET /../../etc/passwd HTTP/1.1\r\n" + headers + "\r\n"),
				new Hostile("encoded dot segments above the root",
						"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + headers + "\r\n"),
				new Hostile("invalid character in the request target", "GET " + path + "{x} HTTP/1.1\r\n" + headers
						+ "\r\n"),
				new Hostile("invalid method token", "G(E)T " + path + " HTTP/1.1\r\n" + headers + "\r\n"),
				new Hostile("malformed HTTP version", "GET " + path + " HTTP/1.1x\r\n" + headers + "\r\n"),
				new Hostile("no Host header", "GET " + path + " HTTP/1.1\r\nConnection: close\r\n\r\n"),
				new Hostile("two Host headers", "GET " + path + " HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"),
				new Hostile("header line without a colon", "GET " + path + " HTTP/1.1\r\n" + headers + "Broken header\r\n\r\n"),
				new Hostile("invalid character in a header name", "GET " + path + " HTTP/1.1\r\n" + headers + "X(a): b\r\n\r\n"),
				new Hostile("header injection with a bare CR", "GET " + path + " HTTP/1.1\r\n" + headers
						+ "X-A: a\rInjected: b\r\n\r\n"),
				new Hostile("oversized header", "GET " + path + " HTTP/1.1\r\n" + headers + "X-Big: " + "a".repeat(20_000)
						+ "\r\n\r\n"),
				new Hostile("a thousand headers", "GET " + path + " HTTP/1.1\r\n" + headers
						+ "X-H: h\r\n".repeat(1000) + "\r\n"),
				new Hostile("URL longer than the header buffer", "GET " + path + "?q=" + "a".repeat(20_000) + " HTTP/1.1\r\n"
						+ headers + "\r\n"),
				new Hostile("two different Content-Lengths", "POST " + path + " HTTP/1.1\r\n" + headers
						+ "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x"),
				new Hostile("a negative Content-Length", "POST " + path + " HTTP/1.1\r\n" + headers
						+ "Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{}"),
				new Hostile("a malformed chunk size", "POST " + path + " HTTP/1.1\r\n" + headers
						+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
				new Hostile("the error path itself", "GET /error HTTP/1.1\r\n" + headers + "\r\n"));
	}

}
