package io.tributary.processing.stream;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window stage's input: decodes keyed-batch messages into events per partition (dropping
 * malformed ones), and turns an event a pipeline cannot hold into a dead letter with the reason.
 */
final class KeyedInput {

	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	private final Map<String, String> sourceOf = new HashMap<>();

	private final Counter malformed;

	KeyedInput(Collection<PipelineDefinition> pipelines, MeterRegistry meters) {
		pipelines.forEach((p) -> this.sourceOf.put(p.name(), p.source()));
		this.malformed = meters.counter("tributary.window.malformed.messages");
	}

	/** The events, progress markers and stream times of the messages, per partition in partition order, each in delivery order. */
	Map<Integer, PartitionInput> byPartition(List<byte[]> payloads) {
		Map<Integer, PartitionInput> byPartition = new TreeMap<>();
		for (byte[] payload : payloads) {
			try {
				KeyedBatch batch = WireFormat.read(payload, KeyedBatch.class);
				PartitionInput input = byPartition.computeIfAbsent(batch.partition(), (p) -> new PartitionInput());
				input.events().addAll(batch.events());
				input.progress().addAll(batch.progress());
				input.streamTimes().addAll(batch.streamTimes());
			}
			catch (IllegalArgumentException ex) {
				// only the route stage writes these queues: a malformed message is a bug; retrying cannot help
				this.malformed.increment();
				log.error("Dropping a malformed keyed batch of {} bytes: {}", payload.length, ex.getMessage());
			}
		}
		return byPartition;
	}

	/**
	 * The dead letter of an event the route stage produced but this pipeline cannot hold (e.g. an
	 * event time outside the windowable range): kept, with the reason.
	 */
	DeadLetterRecord rejected(KeyedEvent event, Instant now, IllegalArgumentException reason) {
		return new DeadLetterRecord(this.sourceOf.getOrDefault(event.pipeline(), "-"), event.pipeline(),
				event.eventId(), event.eventTime(), now, "window stage: " + reason.getMessage(), event.values(),
				null, null, event.apiKey());
	}

}
