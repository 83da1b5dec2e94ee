package io.tributary.processing.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the benchmark thread's CPU went, stage by stage: JFR's execution samples of that thread,
 * each put in the stage of the innermost stage method on its stack, scaled to the thread's measured
 * CPU per event. The rest of the process's CPU (garbage collection, the JIT compiler) is its own
 * line. Stacks deeper than JFR's stack depth lose their outer frames, so the JVM runs with
 * {@code -XX:FlightRecorderOptions:stackdepth=512} ({@code ./tributary bench-core --profile}).
 */
final class StageProfile {

	enum Stage {

		WIRE_DECODE("wire decode: EventBatch to events"),
		ROUTE("route: filter, enrich, key-by"),
		KEYED_ENCODE("keyed encode: KeyedBatch, publish"),
		KEYED_DECODE("keyed decode: KeyedBatch to events"),
		WINDOW("window: dedup, apply, watermark, fire"),
		CHECKPOINT("checkpoint encode: state, ids, outbox, script args"),
		RESULT_ENCODE("result encode: ResultBatch JSON, publish"),
		GENERATOR("generator (the benchmark's, not the core)"),
		OTHER("other");

		final String label;

		Stage(String label) {
			this.label = label;
		}

	}

	private final Map<Stage, Long> samples;

	private final long total;

	private StageProfile(Map<Stage, Long> samples) {
		this.samples = samples;
		this.total = samples.values().stream().mapToLong(Long::longValue).sum();
	}

	/** A recording of execution samples every 10 ms, not yet started. */
	static Recording recording() {
		Recording recording = new Recording();
		recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
		recording.setName("bench-core");
		return recording;
	}

	/** The samples of the thread of this name in the recording. */
	static StageProfile of(Path file, String threadName) throws IOException {
		Map<Stage, Long> samples = new EnumMap<>(Stage.class);
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
				continue;
			}
			RecordedThread thread = event.getThread("sampledThread");
			RecordedStackTrace stack = event.getStackTrace();
			if (thread == null || stack == null || !threadName.equals(thread.getJavaName())) {
				continue;
			}
			samples.merge(stageOf(stack.getFrames()), 1L, Long::sum);
		}
		return new StageProfile(samples);
	}

	/** The stage of the innermost stage method, walking from the sampled frame outwards. */
	static Stage stageOf(List<RecordedFrame> frames) {
		for (int i = 0; i < frames.size(); i++) {
			String type = frames.get(i).getMethod().getType().getName();
			String method = frames.get(i).getMethod().getName();
			String simple = type.substring(type.lastIndexOf('.') + 1);
			switch (simple) {
				case "YsbEvents" -> {
					return Stage.GENERATOR;
				}
				case "KeyedInput" -> {
					return Stage.KEYED_DECODE;
				}
				case "Router" -> {
					return Stage.ROUTE;
				}
				case "WireFormat" -> {
					if (method.equals("read") && calledFrom(frames, i, "RouteStage")) {
						return Stage.WIRE_DECODE;
					}
				}
				case "ConfirmedPublisher" -> {
					return calledFrom(frames, i, "RouteStage") ? Stage.KEYED_ENCODE : Stage.RESULT_ENCODE;
				}
				case "PartitionProcessor" -> {
					return method.equals("checkpoint") ? Stage.CHECKPOINT : Stage.WINDOW;
				}
				case "RedisCheckpointStore", "Checkpointer" -> {
					return Stage.CHECKPOINT;
				}
				case "RouteStage" -> {
					return Stage.ROUTE;
				}
				case "WindowStage" -> {
					return Stage.WINDOW;
				}
				default -> {
				}
			}
		}
		return Stage.OTHER;
	}

	/** Whether a frame outside frame {@code i} (rootwards) is a method of the class of this simple name. */
	private static boolean calledFrom(List<RecordedFrame> frames, int i, String simpleName) {
		for (int j = i + 1; j < frames.size(); j++) {
			String type = frames.get(j).getMethod().getType().getName();
			if (type.endsWith("." + simpleName)) {
				return true;
			}
		}
		return false;
	}

	/** The table: per stage its samples, share and CPU per event; then the rest of the process. */
	void print(PrintStream out, CoreBenchmark.Run run) {
		out.printf(Locale.ROOT, "tributary-core-ysb: profile of the measured run, %d samples of the benchmark thread%n",
				this.total);
		out.printf(Locale.ROOT, "  %-52s %8s %7s %12s%n", "stage", "samples", "share", "cpu_us/event");
		double threadMicros = run.threadCpuMicrosPerEvent();
		for (Stage stage : Stage.values()) {
			long n = this.samples.getOrDefault(stage, 0L);
			double share = (this.total == 0) ? 0 : (double) n / this.total;
			out.printf(Locale.ROOT, "  %-52s %8d %6.1f%% %12.3f%n", stage.label, n, share * 100, share * threadMicros);
		}
		out.printf(Locale.ROOT, "  %-52s %8s %7s %12.3f%n", "benchmark thread, measured", "", "", threadMicros);
		out.printf(Locale.ROOT, "  %-52s %8s %7s %12.3f%n", "other threads: GC, JIT compiler", "", "",
				run.cpuMicrosPerEvent() - threadMicros);
		out.printf(Locale.ROOT, "  %-52s %8s %7s %12.3f%n", "process", "", "", run.cpuMicrosPerEvent());
	}

}
