package io.tributary.processing.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tributary.contract.DataProjection;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.WireFormat;
import io.tributary.processing.route.Router;

/**
 * The wire decode of the route stage alone, whole against projected ({@link Router#projection()}),
 * on the core benchmark's YSB messages: each round reads the same batches both ways, in turn, and
 * touches what the YSB route reads (event type, ad id); the best round of each (thread CPU) is
 * printed, so that a busy machine's slow rounds drop out. Both reads must give events with the same
 * values for what the route reads, or it fails.
 * <p>
 * {@code ./tributary bench-core --decode [--rounds N] [--extra-fields N]} (N more fields in every event,
 * as wide events have, none of which the job reads).
 */
public final class WireDecodeBenchmark {

	private WireDecodeBenchmark() {
	}

	public static void main(String[] args) {
		int rounds = 25;
		int extraFields = 0;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--rounds") && i + 1 < args.length) {
				rounds = Integer.parseInt(args[++i]);
			}
			else if (args[i].equals("--extra-fields") && i + 1 < args.length) {
				extraFields = Integer.parseInt(args[++i]);
			}
			else if (!args[i].equals("--decode")) {
				throw new IllegalArgumentException("unknown argument: " + args[i] + " (use --rounds N, --extra-fields N)");
			}
		}
		YsbEvents generator = new YsbEvents(100_000, 42, 1);
		Router router = new Router(YsbCore.pipelineFile(), (table, key) -> null, 8, java.time.Clock.systemUTC());
		DataProjection projection = router.projection();
		List<byte[]> batches = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			byte[] batch = generator.nextBatch(500);
			batches.add((extraFields > 0) ? widened(batch, extraFields) : batch);
		}
		long events = 200L * 500;
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		double bestWhole = Double.MAX_VALUE;
		double bestProjected = Double.MAX_VALUE;
		long check = 0;
		for (int round = 0; round < rounds; round++) {
			long start = threads.getCurrentThreadCpuTime();
			for (byte[] batch : batches) {
				check += touch(WireFormat.read(batch, EventBatch.class));
			}
			long middle = threads.getCurrentThreadCpuTime();
			for (byte[] batch : batches) {
				check -= touch(WireFormat.read(batch, projection));
			}
			long end = threads.getCurrentThreadCpuTime();
			bestWhole = Math.min(bestWhole, (middle - start) / 1_000.0 / events);
			bestProjected = Math.min(bestProjected, (end - middle) / 1_000.0 / events);
		}
		if (check != 0) {
			throw new IllegalStateException("the projected read gave other values than the whole read");
		}
		System.out.printf(Locale.ROOT,
				"tributary-wire-decode: wire=%s projection=%s extra_fields=%d bytes_per_event=%.1f rounds=%d "
						+ "events_per_round=%d whole_cpu_us_per_event=%.3f projected_cpu_us_per_event=%.3f ratio=%.2f check=OK%n",
				WireFormat.messageEncoding().name().toLowerCase(Locale.ROOT), projection, extraFields,
				batches.stream().mapToInt((b) -> b.length).sum() / (double) events, rounds, events, bestWhole,
				bestProjected, bestProjected / bestWhole);
	}

	/**
	 * The batch with {@code n} more fields in every event's data (text, numbers, a flag, a nested
	 * object, in turn): events as wide as many real ones, of which the YSB job still reads two.
	 */
	private static byte[] widened(byte[] batch, int n) {
		List<Event> events = new ArrayList<>();
		int k = 0;
		for (Event e : WireFormat.read(batch, EventBatch.class).events()) {
			Map<String, Object> data = new java.util.LinkedHashMap<>(e.data());
			for (int i = 0; i < n; i++) {
				k++;
				data.put("extra_" + i, switch (i % 4) {
					case 0 -> "value-" + (k % 1000) + "-of-some-length";
					case 1 -> (long) k * 7919;
					case 2 -> (k % 2 == 0);
					default -> Map.of("x", k % 100, "label", "nested-" + (k % 10));
				});
			}
			events.add(new Event(e.id(), e.ingestId(), e.stream(), e.eventTime(), e.ingestTime(), data));
		}
		return WireFormat.write(new EventBatch(events));
	}

	/** What the YSB route reads of each event, as a number that both reads must give alike. */
	private static long touch(EventBatch batch) {
		long sum = 0;
		for (Event event : batch.events()) {
			Map<String, Object> data = event.data();
			sum += data.get("event_type").hashCode() + 31L * data.get("ad_id").hashCode() + event.id().hashCode();
		}
		return sum;
	}

}
