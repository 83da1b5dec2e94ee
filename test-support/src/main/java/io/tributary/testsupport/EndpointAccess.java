package io.tributary.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Checks who may call each endpoint of a running service: with no key, with a key not in force, with
 * a key that has every scope but the one needed, with a key that has only that scope, and with an
 * admin key. The keys are made here; {@link #properties()} configures the service with them.
 */
public final class EndpointAccess {

	/** What an endpoint asks of a request. */
	public enum Rule {

		/** Nothing: open to all. */
		OPEN(null),

		/** A key in force, whatever its scopes. */
		ANY_KEY(null),

		INGEST("ingest"), LOOKUPS("lookups"), QUERY("query"), ADMIN("admin");

		final @Nullable String scope;

		Rule(@Nullable String scope) {
			this.scope = scope;
		}

	}

	/**
	 * One request to make.
	 *
	 * @param method HTTP method
	 * @param path   a concrete path (variables filled in)
	 * @param rule   what it needs
	 */
	public record Endpoint(String method, String path, Rule rule) {
	}

	private static final List<String> SCOPES = List.of("ingest", "lookups", "query");

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<Rule, TestKey> only = new EnumMap<>(Rule.class);

	private final Map<Rule, TestKey> allBut = new EnumMap<>(Rule.class);

	public EndpointAccess() {
		for (Rule rule : Rule.values()) {
			if (rule.scope == null) {
				continue;
			}
			this.only.put(rule, TestKey.create("only-" + rule.scope, rule.scope));
			List<String> others = new ArrayList<>(SCOPES);
			others.remove(rule.scope);
			this.allBut.put(rule, TestKey.create("all-but-" + rule.scope, others.toArray(String[]::new)));
		}
	}

	/**
	 * Every endpoint the service's controllers map, as {@code METHOD /pattern} (a mapping without a
	 * method counts as GET): what the access check is driven from, so no endpoint can be left out.
	 */
	public static Set<String> mapped(RequestMappingHandlerMapping mapping) {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (methods.isEmpty()) {
					endpoints.add("GET " + pattern);
				}
				for (RequestMethod method : methods) {
					endpoints.add(method.name() + " " + pattern);
				}
			}
		}
		return endpoints;
	}

	/** {@code METHOD /pattern} as a request: each path variable is {@code x}. */
	public static Endpoint endpoint(String mapped, Rule rule) {
		int space = mapped.indexOf(' ');
		String path = mapped.substring(space + 1).replaceAll("\\{[^}]+}", "x").replace("**", "x").replace("*", "x");
		return new Endpoint(mapped.substring(0, space), path, rule);
	}

	/** The key with only this scope. */
	public TestKey only(Rule rule) {
		return this.only.get(rule);
	}

	/** Every key made here. */
	public List<TestKey> keys() {
		List<TestKey> keys = new ArrayList<>(this.only.values());
		keys.addAll(this.allBut.values());
		return keys;
	}

	/** Spring properties that configure the service with {@link #keys()}. */
	public Map<String, String> properties() {
		return TestKey.properties(keys().toArray(TestKey[]::new));
	}

	/** What went wrong, one line per endpoint and case; empty when every endpoint answered as it should. */
	public List<String> violations(URI base, List<Endpoint> endpoints) {
		List<String> violations = new ArrayList<>();
		TestKey unknown = TestKey.create("unknown", "admin");
		for (Endpoint e : endpoints) {
			String what = e.method() + " " + e.path() + " (" + e.rule() + ")";
			Answer none = send(base, e, null);
			if (e.rule() == Rule.OPEN) {
				expectLetThrough(violations, what + " without a key", none);
				continue;
			}
			expectUnauthorized(violations, what + " without a key", none);
			expectUnauthorized(violations, what + " with a key not in force", send(base, e, unknown));
			if (e.rule() == Rule.ANY_KEY) {
				expectLetThrough(violations, what + " with a query key", send(base, e, this.only.get(Rule.QUERY)));
				continue;
			}
			Answer wrong = send(base, e, this.allBut.get(e.rule()));
			if (wrong.status() != 403 || !wrong.problem()) {
				violations.add(what + " with every other scope: expected a 403 problem, got " + wrong);
			}
			expectLetThrough(violations, what + " with its scope", send(base, e, this.only.get(e.rule())));
			expectLetThrough(violations, what + " with admin", send(base, e, this.only.get(Rule.ADMIN)));
		}
		return violations;
	}

	private static void expectUnauthorized(List<String> violations, String what, Answer answer) {
		if (answer.status() != 401 || !answer.problem() || !answer.bearerChallenge()) {
			violations.add(what + ": expected a 401 problem with WWW-Authenticate: Bearer, got " + answer);
		}
	}

	private static void expectLetThrough(List<String> violations, String what, Answer answer) {
		if (answer.status() == 401 || answer.status() == 403) {
			violations.add(what + ": expected to be let through, got " + answer);
		}
	}

	private static Answer send(URI base, Endpoint endpoint, @Nullable TestKey key) {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(endpoint.path()))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.method(endpoint.method(), HttpRequest.BodyPublishers.ofString("{}", StandardCharsets.UTF_8));
		if (key != null) {
			request.header("Authorization", key.bearer());
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("WWW-Authenticate").orElse(""));
		}
		catch (IOException ex) {
			return new Answer(-1, ex.toString(), "");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The parts of an answer that tell whether it let the request through. */
	private record Answer(int status, String contentType, String challenge) {

		boolean problem() {
			return this.contentType.startsWith("application/problem+json");
		}

		boolean bearerChallenge() {
			return this.challenge.startsWith("Bearer");
		}

	}

}
