package io.tributary.storage.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.tributary.storage.StorageProperties.Target;
import org.jspecify.annotations.Nullable;

/**
 * Sends one attempt of one delivery: a POST of the body to the target's URL, with the idempotency
 * key, the attempt's timestamp and, when the target has a secret, its signature. Any 2xx answer is
 * a success; anything else, or no answer within the timeout, is a failure with its reason.
 */
final class WebhookSender {

	static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

	static final String ATTEMPT_HEADER = "X-Tributary-Attempt";

	private static final int MAX_REASON = 200;

	private final HttpClient client;

	private final Duration timeout;

	private final Clock clock;

	WebhookSender(HttpClient client, Duration timeout, Clock clock) {
		this.client = client;
		this.timeout = timeout;
		this.clock = clock;
	}

	/** The attempt's result; never completes exceptionally. */
	CompletableFuture<Result> send(Target target, byte[] body, String idempotencyKey, int attempt) {
		HttpRequest request;
		try {
			long now = this.clock.instant().getEpochSecond();
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.url()))
				.timeout(this.timeout)
				.header("Content-Type", "application/json")
				.header("User-Agent", "Tributary-Alerts")
				.header(IDEMPOTENCY_KEY_HEADER, idempotencyKey)
				.header(ATTEMPT_HEADER, Integer.toString(attempt))
				.header(Signature.TIMESTAMP_HEADER, Long.toString(now));
			String secret = target.secret();
			if (secret != null && !secret.isEmpty()) {
				builder.header(Signature.HEADER, Signature.of(secret, now, body));
			}
			request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.completedFuture(Result.failed("unusable request: " + ex.getMessage()));
		}
		return this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.handle((response, failure) -> (failure != null) ? Result.failed(describe(failure)) : Result.of(response));
	}

	private static String describe(Throwable failure) {
		Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/**
	 * What one attempt came to.
	 *
	 * @param status the HTTP status, 0 when there was no answer
	 * @param reason why it failed (null on success)
	 */
	record Result(int status, @Nullable String reason) {

		static Result of(HttpResponse<String> response) {
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return new Result(status, null);
			}
			String body = response.body().strip();
			if (body.length() > MAX_REASON) {
				body = body.substring(0, MAX_REASON) + "…";
			}
			return new Result(status, "HTTP " + status + (body.isEmpty() ? "" : ": " + body));
		}

		static Result failed(String reason) {
			return new Result(0, reason);
		}

		boolean delivered() {
			return this.reason == null;
		}

	}

}
