package io.tributary.ingestion.deadletter;

import java.util.List;

import io.tributary.ingestion.intake.StreamCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Finishes the pipeline-dead-letter redrives a crash interrupted, when ingestion is ready again: the
 * records still marked as redriving are published once more (the same delivery to processing, so
 * nothing counts twice) and forgotten once confirmed. The sooner this happens, the likelier their
 * windows still take them on time (see docs/operations.md, "Late redrives"). A failure is left for
 * the operator's next redrive.
 */
public class InterruptedRedrives {

	private static final Logger log = LoggerFactory.getLogger(InterruptedRedrives.class);

	private final PipelineDeadLetters deadLetters;

	private final DeadLetterRedrive redrive;

	private final StreamCatalog streams;

	InterruptedRedrives(PipelineDeadLetters deadLetters, DeadLetterRedrive redrive, StreamCatalog streams) {
		this.deadLetters = deadLetters;
		this.redrive = redrive;
		this.streams = streams;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		finish();
	}

	/** Redrives what interrupted redrives left of each declared stream; returns how many were redriven. */
	public int finish() {
		int redriven = 0;
		for (String stream : this.streams.streams()) {
			try {
				List<String> ids = this.deadLetters.redrivingIds(stream);
				if (!ids.isEmpty()) {
					// another replica may finish some of them first: those are no longer there, and left out
					RedriveReport report = this.redrive.redriveFound(stream, ids);
					redriven += report.redriven();
					log.info("Finished an interrupted redrive of stream '{}': {} dead letters redriven, {} skipped",
							stream, report.redriven(), report.skipped().size());
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not check for, or finish, an interrupted redrive of stream '{}' ({}); to finish one, POST "
						+ "/api/v1/admin/dead-letters/streams/{}/redrive {\"all\": true}", stream, ex.getMessage(), stream);
			}
		}
		return redriven;
	}

}
