package io.tributary.support.tracing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * Carries trace context in message headers (W3C {@code traceparent}, as the configured propagator
 * writes it), for sampled traces only. Publishing adds the current span's context when that span is
 * sampled ({@link #current()}); consuming a batch continues the trace of its first message whose
 * {@code traceparent} says sampled ({@link #continueFrom}), so a sampled request can be followed from
 * ingestion through processing to storage. Unsampled traces stop at the service that decided not to
 * sample them: continuing one downstream would only make spans nobody exports, for every message, and
 * put its trace id in the log lines of the batch. The other messages of a batch keep their own traces
 * in their headers but are not linked. Without a tracer (or with tracing off) it does nothing.
 */
public final class TraceHeaders {

	private static final String TRACEPARENT = "traceparent";

	/** Of a version 00 {@code traceparent}: 2 + 1 + 32 + 1 + 16 + 1 + 2. */
	private static final int TRACEPARENT_LENGTH = 55;

	/** Trace context is not carried. */
	public static final TraceHeaders NONE = new TraceHeaders(null, null);

	private final @Nullable Tracer tracer;

	private final @Nullable Propagator propagator;

	public TraceHeaders(@Nullable Tracer tracer, @Nullable Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** The headers that carry the current span's context; empty without a current span or when it is not sampled. */
	public Map<String, String> current() {
		Tracer tracer = this.tracer;
		Propagator propagator = this.propagator;
		if (tracer == null || propagator == null) {
			return Map.of();
		}
		Span span = tracer.currentSpan();
		if (span == null || !Boolean.TRUE.equals(span.context().sampled())) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>(4);
		propagator.inject(span.context(), headers, Map::put);
		return headers;
	}

	/**
	 * Starts a span named {@code name} that continues the trace of the first message whose headers
	 * carry a sampled one, and puts it in scope (the log's MDC gets its trace id) until the result is
	 * closed. Nothing is started when no message carries a sampled trace: the check reads the
	 * {@code traceparent}'s flags, so an unsampled batch costs a look at each message's header.
	 * @param headers each message's headers, in order
	 */
	public InScope continueFrom(List<? extends Map<String, ?>> headers, String name) {
		Tracer tracer = this.tracer;
		Propagator propagator = this.propagator;
		if (tracer == null || propagator == null) {
			return InScope.NOTHING;
		}
		for (Map<String, ?> message : headers) {
			if (message != null && isSampled(text(message.get(TRACEPARENT)))) {
				Span span = propagator.extract(message, (carrier, key) -> text(carrier.get(key))).name(name).kind(Span.Kind.CONSUMER).start();
				Tracer.SpanInScope scope = tracer.withSpan(span);
				return () -> {
					scope.close();
					span.end();
				};
			}
		}
		return InScope.NOTHING;
	}

	/**
	 * The task, to run on another thread in the span current here and now (the span a consumer
	 * continued), so that what it publishes carries the same trace. Without a current span, the task.
	 */
	public Runnable inCurrentSpan(Runnable task) {
		Tracer tracer = this.tracer;
		Span span = (tracer != null) ? tracer.currentSpan() : null;
		if (tracer == null || span == null) {
			return task;
		}
		return () -> {
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				task.run();
			}
		};
	}

	/**
	 * Whether a W3C {@code traceparent} ({@code version-traceid-parentid-flags}, 55 characters in
	 * version 00; later versions may append fields) has the sampled flag, the lowest bit of its flags.
	 */
	private static boolean isSampled(@Nullable String traceparent) {
		if (traceparent == null || traceparent.length() < TRACEPARENT_LENGTH
				|| traceparent.charAt(TRACEPARENT_LENGTH - 3) != '-') {
			return false;
		}
		int flags = Character.digit(traceparent.charAt(TRACEPARENT_LENGTH - 1), 16);
		return flags >= 0 && (flags & 1) == 1;
	}

	/** Header values arrive as strings (RabbitMQ) or bytes, sometimes JSON-quoted (Kafka). */
	private static @Nullable String text(@Nullable Object value) {
		String text = switch (value) {
			case null -> null;
			case String s -> s;
			case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
			default -> value.toString();
		};
		if (text != null && text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
			text = text.substring(1, text.length() - 1);
		}
		return text;
	}

	/** A span in scope; closing it ends the span. */
	@FunctionalInterface
	public interface InScope extends AutoCloseable {

		InScope NOTHING = () -> {
		};

		@Override
		void close();

	}

}
