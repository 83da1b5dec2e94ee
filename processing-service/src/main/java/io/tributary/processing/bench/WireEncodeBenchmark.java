package io.tributary.processing.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.tributary.contract.EventBatch;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.WireFormat;
import io.tributary.processing.route.RouteResult;
import io.tributary.processing.route.Router;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.smile.SmileFactory;
import tools.jackson.dataformat.smile.SmileMapper;
import tools.jackson.dataformat.smile.SmileWriteFeature;

/**
 * The wire encode of the internal hops' messages alone, the wire format's record writers against
 * Jackson's bean serialisation of the same records (with the wire format's instant writer, so only
 * the record writers differ), on the core benchmark's YSB shapes: keyed batches of the views one
 * 500-event message routes to (~125 each, as the route stage publishes them) and ingestion's
 * 500-event batches. Each round writes the same records both ways, in turn; the best round of each
 * (thread CPU) is printed, so that a busy machine's slow rounds drop out. Both must write the same
 * bytes, or it fails.
 * <p>
 * {@code ./tributary bench-core --encode [--rounds N]}: one line per encoding (JSON, Smile).
 */
public final class WireEncodeBenchmark {

	private static final int BATCHES = 200;

	private static final int EVENTS_PER_BATCH = 500;

	private WireEncodeBenchmark() {
	}

	public static void main(String[] args) {
		int rounds = 25;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--rounds") && i + 1 < args.length) {
				rounds = Integer.parseInt(args[++i]);
			}
			else if (!args[i].equals("--encode")) {
				throw new IllegalArgumentException("unknown argument: " + args[i] + " (use --rounds N)");
			}
		}
		YsbEvents generator = new YsbEvents(100_000, 42, 1, WireFormat.Encoding.JSON);
		Router router = new Router(YsbCore.pipelineFile(), (table, key) -> generator.campaignOfAd().get(key), 1,
				Clock.systemUTC());
		List<EventBatch> eventBatches = new ArrayList<>();
		List<KeyedBatch> keyedBatches = new ArrayList<>();
		for (int i = 0; i < BATCHES; i++) {
			EventBatch batch = WireFormat.read(generator.nextBatch(EVENTS_PER_BATCH), EventBatch.class);
			eventBatches.add(batch);
			RouteResult routed = router.route(batch.events());
			keyedBatches.add(new KeyedBatch(0, routed.byPartition().getOrDefault(0, List.of())));
		}
		long views = keyedBatches.stream().mapToLong((b) -> b.events().size()).sum();
		if (views == 0 || keyedBatches.stream().flatMap((b) -> b.events().stream()).map(KeyedEvent::ingestTime)
			.anyMatch((t) -> t == null)) {
			throw new IllegalStateException("the route gave no keyed views, or views without their acceptance time");
		}
		for (WireFormat.Encoding encoding : WireFormat.Encoding.values()) {
			ObjectMapper bean = beanMapper(encoding);
			ObjectMapper wire = WireFormat.mapper(encoding);
			check(keyedBatches, bean, wire, encoding);
			check(eventBatches, bean, wire, encoding);
			Best keyed = new Best();
			Best events = new Best();
			for (int round = 0; round < rounds; round++) {
				keyed.measure(keyedBatches, bean::writeValueAsBytes, wire::writeValueAsBytes, views);
				events.measure(eventBatches, bean::writeValueAsBytes, wire::writeValueAsBytes,
						(long) BATCHES * EVENTS_PER_BATCH);
			}
			System.out.printf(Locale.ROOT,
					"tributary-wire-encode: wire=%s rounds=%d keyed_batches=%d views_per_batch=%.1f "
							+ "keyed_bean_cpu_us_per_view=%.3f keyed_wire_cpu_us_per_view=%.3f keyed_ratio=%.2f "
							+ "event_batches=%d events_per_batch=%d event_bean_cpu_us_per_event=%.3f "
							+ "event_wire_cpu_us_per_event=%.3f event_ratio=%.2f check=OK%n",
					encoding.name().toLowerCase(Locale.ROOT), rounds, BATCHES, views / (double) BATCHES, keyed.before,
					keyed.after, keyed.after / keyed.before, BATCHES, EVENTS_PER_BATCH, events.before, events.after,
					events.after / events.before);
		}
	}

	/**
	 * A mapper of the encoding that writes records with Jackson's bean serialisation and instants
	 * with the wire format's own instant writer (taken from the wire format's mapper, as it is not
	 * public), otherwise configured as the wire format's writers are.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static ObjectMapper beanMapper(WireFormat.Encoding encoding) {
		ValueSerializer instants = WireFormat.mapper()._serializationContext().findValueSerializer(Instant.class);
		SimpleModule module = new SimpleModule("bean-reference").addSerializer(Instant.class, instants);
		if (encoding == WireFormat.Encoding.SMILE) {
			return SmileMapper
				.builder(SmileFactory.builder()
					.enable(SmileWriteFeature.WRITE_HEADER, SmileWriteFeature.CHECK_SHARED_NAMES,
							SmileWriteFeature.CHECK_SHARED_STRING_VALUES)
					.build())
				.addModule(module)
				.build();
		}
		return JsonMapper.builder().addModule(module).build();
	}

	private static void check(List<?> messages, ObjectMapper bean, ObjectMapper wire, WireFormat.Encoding encoding) {
		for (Object message : messages) {
			if (!Arrays.equals(bean.writeValueAsBytes(message), wire.writeValueAsBytes(message))) {
				throw new IllegalStateException("the wire format's " + encoding + " writer wrote other bytes than "
						+ "Jackson's bean serialisation for a " + message.getClass().getSimpleName());
			}
		}
	}

	/** The best (least) thread CPU per item of the two ways of writing, over the rounds so far. */
	private static final class Best {

		private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

		double before = Double.MAX_VALUE;

		double after = Double.MAX_VALUE;

		private long sink;

		<T> void measure(List<T> messages, Function<T, byte[]> beanWrite, Function<T, byte[]> wireWrite, long items) {
			long start = this.threads.getCurrentThreadCpuTime();
			for (T message : messages) {
				this.sink += beanWrite.apply(message).length;
			}
			long middle = this.threads.getCurrentThreadCpuTime();
			for (T message : messages) {
				this.sink -= wireWrite.apply(message).length;
			}
			long end = this.threads.getCurrentThreadCpuTime();
			if (this.sink != 0) {
				throw new IllegalStateException("the two writers wrote messages of other sizes");
			}
			this.before = Math.min(this.before, (middle - start) / 1_000.0 / items);
			this.after = Math.min(this.after, (end - middle) / 1_000.0 / items);
		}

	}

}
