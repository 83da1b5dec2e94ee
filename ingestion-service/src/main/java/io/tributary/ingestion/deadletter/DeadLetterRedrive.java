package io.tributary.ingestion.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Redrive;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.ingestion.publish.EventPublisher;
import io.tributary.ingestion.publish.PublishFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Re-submits a stream's pipeline dead letters to processing once their cause is fixed: each becomes
 * its original event again (same id, event time, data) marked as a {@link Redrive} for the pipeline
 * that rejected it, published through ingestion's confirmed path. Exactly once, by construction:
 * <ol>
 * <li>a record is first moved to the stream's redriving hash (one script), so a new dead letter of
 * the same id, the redriven event failing again, is kept;</li>
 * <li>its event is published with an ingestId derived from the rejected delivery's, the same on
 * every attempt, so processing takes a second publication of it (a crash after the broker's
 * confirm, a redrive run twice) for a redelivery and counts nothing twice;</li>
 * <li>only after the broker confirmed it is the record forgotten; until then a redrive of the
 * stream (its ids, or all) sends it again.</li>
 * </ol>
 * A pipeline that no longer reads the stream cannot take its dead letters; they are left in place
 * and reported.
 */
final class DeadLetterRedrive {

	/** Events per published batch: one broker message each, confirmed before its records are forgotten. */
	static final int BATCH_SIZE = 500;

	/** The UUIDv5 namespace of redrive ingestIds (a fixed, random UUID). */
	private static final NameBasedGenerator INGEST_IDS = Generators
		.nameBasedGenerator(UUID.fromString("3b0e2f7c-91a4-4c3e-8d55-6f1e2a7b9c40"));

	private final PipelineDeadLetters deadLetters;

	private final EventPublisher publisher;

	private final PipelineFile pipelines;

	private final Clock clock;

	DeadLetterRedrive(PipelineDeadLetters deadLetters, EventPublisher publisher, PipelineFile pipelines, Clock clock) {
		this.deadLetters = deadLetters;
		this.publisher = publisher;
		this.pipelines = pipelines;
		this.clock = clock;
	}

	/**
	 * Redrives the named dead letters of the stream, all or none.
	 * @throws DeadLettersNotFoundException when any id is neither waiting nor being redriven
	 * @throws RedriveFailedException when the broker did not confirm a batch; what it confirmed
	 *         before is done, the rest stays to be redriven again
	 */
	RedriveReport redrive(String stream, List<String> ids) {
		List<String> missing = this.deadLetters.missing(stream, ids);
		if (!missing.isEmpty()) {
			throw new DeadLettersNotFoundException(stream, missing);
		}
		return run(stream, ids);
	}

	/** Redrives those of the named dead letters the stream still has; the others are left out. */
	RedriveReport redriveFound(String stream, List<String> ids) {
		return run(stream, ids);
	}

	/** Redrives every dead letter of the stream (at most {@code limit}), unfinished redrives first. */
	RedriveReport redriveAll(String stream, int limit) {
		return run(stream, this.deadLetters.allIds(stream, limit));
	}

	private RedriveReport run(String stream, List<String> ids) {
		Instant now = this.clock.instant();
		Map<String, String> skipped = new LinkedHashMap<>();
		List<String> redrivable = new ArrayList<>();
		boolean read = !this.pipelines.pipelinesOf(stream).isEmpty();
		for (String id : ids) {
			String pipeline = pipelineOf(id);
			if (!read) {
				// the route stage would drop it: no pipeline to count it
				skipped.put(id, "no pipeline reads stream '" + stream + "' (any more)");
			}
			else if (pipeline != null && !readsStream(pipeline, stream)) {
				skipped.put(id, "pipeline '" + pipeline + "' does not read stream '" + stream + "' (any more)");
			}
			else {
				redrivable.add(id);
			}
		}
		List<String> redriven = new ArrayList<>();
		for (int from = 0; from < redrivable.size(); from += BATCH_SIZE) {
			List<String> chunk = redrivable.subList(from, Math.min(redrivable.size(), from + BATCH_SIZE));
			Map<String, DeadLetterRecord> taken = this.deadLetters.take(stream, chunk);
			if (taken.isEmpty()) {
				continue;
			}
			List<Event> events = new ArrayList<>(taken.size());
			taken.values().forEach((record) -> events.add(event(record, now)));
			try {
				this.publisher.publish(stream, new EventBatch(events));
			}
			catch (PublishFailedException ex) {
				throw new RedriveFailedException("the redrive of stream '" + stream + "' stopped after " + redriven.size()
						+ " dead letters: the broker did not confirm the next " + taken.size() + " (" + ex.getMessage()
						+ "); they are kept as 'redriving', run the redrive again", ex);
			}
			this.deadLetters.redriven(stream, taken.keySet());
			redriven.addAll(taken.keySet());
		}
		return new RedriveReport(stream, redriven.size(), redriven, skipped);
	}

	private boolean readsStream(String pipeline, String stream) {
		PipelineDefinition definition = this.pipelines.pipelines().get(pipeline);
		return definition != null && definition.source().equals(stream);
	}

	/** The pipeline part of a dead-letter id, null for a dead letter of no pipeline. */
	private static @Nullable String pipelineOf(String id) {
		int bar = id.indexOf('|');
		String pipeline = bar < 0 ? id : id.substring(0, bar);
		return DeadLetterRecord.NO_PIPELINE.equals(pipeline) ? null : pipeline;
	}

	/** The event the dead letter was, marked as redriven to the pipeline that rejected it. */
	static Event event(DeadLetterRecord record, Instant now) {
		return new Event(record.eventId(), redriveIngestId(record), record.stream(), record.eventTime(),
				record.ingestTime() != null ? record.ingestTime() : record.recordedAt(), record.data(),
				new Redrive(record.pipeline(), now));
	}

	/**
	 * The ingestId of a redrive of the record: derived from the rejected delivery's ingestId (from the
	 * record's id and time for records written before it was kept), so every redrive of this record
	 * is the same delivery to processing, and a redrive of a later dead letter of the same event (the
	 * redrive failed again) a new one.
	 */
	static String redriveIngestId(DeadLetterRecord record) {
		String basis = record.ingestId() != null ? record.ingestId()
				: record.id() + "\n" + record.recordedAt().toEpochMilli();
		return INGEST_IDS.generate(("redrive\n" + basis).getBytes(StandardCharsets.UTF_8)).toString();
	}

}
