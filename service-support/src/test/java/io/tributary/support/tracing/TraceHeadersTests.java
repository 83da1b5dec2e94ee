package io.tributary.support.tracing;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sampled trace followed across the services as they carry it (ingestion's request, processing's
 * route and window stages, storage's store), each service with its own OpenTelemetry SDK tracer as
 * Spring Boot configures it, and the spans read back from what the SDK exports; an unsampled one
 * carried nowhere. The trace contexts the messages carry are written by OpenTelemetry's own W3C
 * propagator, not by the code under test.
 */
class TraceHeadersTests {

	private final RecordedSpans exported = new RecordedSpans();

	private final ExecutorService publisherThread = Executors.newSingleThreadExecutor();

	/** Downstream services sample only what their parent sampled: a root they started would show here. */
	private final Service processing = new Service(this.exported, Sampler.parentBased(Sampler.alwaysOff()));

	private final Service storage = new Service(this.exported, Sampler.parentBased(Sampler.alwaysOff()));

	@AfterEach
	void stopThreads() {
		this.publisherThread.shutdownNow();
	}

	@Test
	void aSampledRequestIsOneTraceFromIngestionThroughBothStagesToStorage() throws Exception {
		Service ingestion = new Service(this.exported, Sampler.alwaysOn());
		Map<String, String> eventBatch = ingestion.inRequest("POST /events", ingestion.traces::current);
		assertThat(eventBatch).containsKey("traceparent");

		// the route's batch: an event batch of an unsampled request first, then the sampled one
		Map<String, String> keyed;
		try (TraceHeaders.InScope route = this.processing.traces.continueFrom(
				List.of(w3c(TraceFlags.getDefault()), Map.of("x-other", "1"), eventBatch), "route")) {
			keyed = this.processing.traces.current();
		}
		// the window stage publishes its result batches on another thread, in the span of its delivery
		AtomicReference<Map<String, String>> resultBatch = new AtomicReference<>();
		try (TraceHeaders.InScope window = this.processing.traces.continueFrom(List.of(keyed), "window")) {
			Runnable publish = this.processing.traces.inCurrentSpan(() -> resultBatch.set(this.processing.traces.current()));
			CompletableFuture.runAsync(publish, this.publisherThread).get(10, TimeUnit.SECONDS);
		}
		try (TraceHeaders.InScope store = this.storage.traces.continueFrom(List.of(resultBatch.get()), "store")) {
			assertThat(this.storage.tracer.currentSpan()).isNotNull();
		}

		Map<String, SpanData> spans = this.exported.byName();
		assertThat(spans).containsOnlyKeys("POST /events", "route", "window", "store");
		SpanData request = spans.get("POST /events");
		assertThat(spans.values()).allSatisfy((span) -> {
			assertThat(span.getTraceId()).isEqualTo(request.getTraceId());
			assertThat(span.getSpanContext().isSampled()).isTrue();
		});
		assertThat(spans.get("route").getParentSpanId()).isEqualTo(request.getSpanId());
		assertThat(spans.get("window").getParentSpanId()).isEqualTo(spans.get("route").getSpanId());
		assertThat(spans.get("store").getParentSpanId()).isEqualTo(spans.get("window").getSpanId());
	}

	@Test
	void anUnsampledRequestCarriesNoTraceAndNoStageStartsOne() {
		Service ingestion = new Service(this.exported, Sampler.alwaysOff());
		Map<String, String> eventBatch = ingestion.inRequest("POST /events", ingestion.traces::current);
		assertThat(eventBatch).isEmpty();

		// a batch of messages whose traces their senders did not sample, as another publisher writes them
		try (TraceHeaders.InScope route = this.processing.traces.continueFrom(
				List.of(eventBatch, w3c(TraceFlags.getDefault()), w3c(TraceFlags.getDefault())), "route")) {
			assertThat(this.processing.tracer.currentSpan()).isNull();
			assertThat(this.processing.traces.current()).isEmpty();
		}
		assertThat(this.exported.spans).isEmpty();
	}

	@Test
	void readsTheSampledFlagAsTheBrokersDeliverIt() {
		String sampled = w3c(TraceFlags.getSampled()).get("traceparent");
		String unsampled = w3c(TraceFlags.getDefault()).get("traceparent");
		// RabbitMQ: text; Kafka: bytes, which the binder may have written as a JSON string
		for (Object value : List.of(sampled, sampled.getBytes(StandardCharsets.UTF_8),
				("\"" + sampled + "\"").getBytes(StandardCharsets.UTF_8))) {
			try (TraceHeaders.InScope span = this.storage.traces.continueFrom(List.of(Map.of("traceparent", value)), "store")) {
				assertThat(this.storage.tracer.currentSpan()).isNotNull();
			}
		}
		for (Object value : List.of(unsampled, unsampled.getBytes(StandardCharsets.UTF_8), "00-garbage-01", "")) {
			try (TraceHeaders.InScope span = this.storage.traces.continueFrom(List.of(Map.of("traceparent", value)), "store")) {
				assertThat(this.storage.tracer.currentSpan()).isNull();
			}
		}
		assertThat(this.exported.spans).hasSize(3);
	}

	@Test
	void withoutATracerNothingIsCarried() {
		try (TraceHeaders.InScope span = TraceHeaders.NONE.continueFrom(List.of(w3c(TraceFlags.getSampled())), "route")) {
			assertThat(TraceHeaders.NONE.current()).isEmpty();
		}
	}

	/** The headers OpenTelemetry's W3C propagator writes for a remote span with these flags. */
	private static Map<String, String> w3c(TraceFlags flags) {
		SpanContext remote = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
				flags, TraceState.getDefault());
		Map<String, String> headers = new HashMap<>();
		W3CTraceContextPropagator.getInstance()
			.inject(Context.root().with(io.opentelemetry.api.trace.Span.wrap(remote)), headers, Map::put);
		return headers;
	}

	/** One service's tracer, sampler and propagator, as Spring Boot wires them, exporting to the shared spans. */
	private static final class Service {

		final Tracer tracer;

		final TraceHeaders traces;

		Service(RecordedSpans exported, Sampler sampler) {
			SdkTracerProvider provider = SdkTracerProvider.builder()
				.setSampler(sampler)
				.addSpanProcessor(SimpleSpanProcessor.create(exported))
				.build();
			io.opentelemetry.api.trace.Tracer otel = provider.get("tributary-test");
			this.tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), (event) -> {
			});
			this.traces = new TraceHeaders(this.tracer,
					new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
		}

		/** What {@code work} returns, run in a server span of that name, as an HTTP request is. */
		<T> T inRequest(String name, java.util.function.Supplier<T> work) {
			Span request = this.tracer.spanBuilder().name(name).kind(Span.Kind.SERVER).start();
			try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
				return work.get();
			}
			finally {
				request.end();
			}
		}

	}

	/** The spans the SDK exported, as an OTLP exporter would receive them. */
	private static final class RecordedSpans implements SpanExporter {

		final List<SpanData> spans = new CopyOnWriteArrayList<>();

		Map<String, SpanData> byName() {
			Map<String, SpanData> byName = new HashMap<>();
			this.spans.forEach((span) -> assertThat(byName.put(span.getName(), span)).as(span.getName()).isNull());
			return byName;
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.spans.addAll(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
