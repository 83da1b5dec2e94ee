package io.tributary.ingestion.deadletter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tributary.ingestion.deadletter.PipelineDeadLetters.StoredDeadLetter;
import io.tributary.ingestion.intake.StreamCatalog;
import io.tributary.ingestion.intake.UnknownStreamException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of what was not processed, and its redrive (scope {@code admin}): the broker
 * dead-letter queues (ingest: broker messages that failed validation; results: result batches
 * storage could not read), looked at without being consumed, and the pipeline dead letters processing
 * recorded per stream (lookup miss, expression error, event time too far ahead). Hosted by
 * ingestion because it has the broker connection and the confirmed publish path a redrive goes
 * through; the query service reads Redis only, by design.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
class DeadLetterController {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 1000;

	/** Most dead letters one redrive request takes. */
	static final int MAX_REDRIVE = 10_000;

	private final PipelineDeadLetters pipelineDeadLetters;

	private final DeadLetterRedrive redrive;

	private final ObjectProvider<BrokerDeadLetterQueues> brokerQueues;

	private final StreamCatalog streams;

	DeadLetterController(PipelineDeadLetters pipelineDeadLetters, DeadLetterRedrive redrive,
			ObjectProvider<BrokerDeadLetterQueues> brokerQueues, StreamCatalog streams) {
		this.pipelineDeadLetters = pipelineDeadLetters;
		this.redrive = redrive;
		this.brokerQueues = brokerQueues;
		this.streams = streams;
	}

	/** Every place dead letters are kept, with how many each holds and where to look. */
	@GetMapping
	Overview overview() {
		List<StreamSummary> streamSummaries = new ArrayList<>();
		for (String stream : this.streams.streams()) {
			PipelineDeadLetters.Counts counts = this.pipelineDeadLetters.count(stream);
			streamSummaries.add(new StreamSummary(stream, counts.waiting(), counts.redriving(),
					"/api/v1/admin/dead-letters/streams/" + stream));
		}
		List<QueueSummary> queueSummaries = new ArrayList<>();
		BrokerDeadLetterQueues queues = this.brokerQueues.getIfAvailable();
		if (queues != null) {
			for (String name : queues.names()) {
				queueSummaries.add(new QueueSummary(name, queues.destination(name), queues.depth(name),
						"/api/v1/admin/dead-letters/queues/" + name));
			}
		}
		return new Overview(streamSummaries, queueSummaries);
	}

	@GetMapping("/streams/{stream}")
	StreamDeadLetters stream(@PathVariable String stream, @RequestParam(required = false) @Nullable Integer limit) {
		requireStream(stream);
		return new StreamDeadLetters(stream, this.pipelineDeadLetters.newest(stream, limit(limit)));
	}

	@PostMapping(path = "/streams/{stream}/redrive", consumes = MediaType.APPLICATION_JSON_VALUE)
	RedriveReport redriveStream(@PathVariable String stream, @RequestBody RedriveRequest request) {
		requireStream(stream);
		List<String> ids = request.selection();
		return (ids == null) ? this.redrive.redriveAll(stream, MAX_REDRIVE) : this.redrive.redrive(stream, ids);
	}

	@GetMapping("/queues/{queue}")
	QueueDeadLetters queue(@PathVariable String queue, @RequestParam(required = false) @Nullable Integer limit) {
		BrokerDeadLetterQueues queues = brokerQueues();
		int size = limit(limit);
		// the depth first: a message dead-lettered in between shows in the items, not missing from them
		long depth = queues.depth(queue);
		List<BrokerDeadLetter> messages = queues.peek(queue, size);
		return new QueueDeadLetters(queue, queues.destination(queue), Math.max(depth, messages.size()), messages);
	}

	@PostMapping(path = "/queues/{queue}/redrive", consumes = MediaType.APPLICATION_JSON_VALUE)
	RedriveReport redriveQueue(@PathVariable String queue, @RequestBody RedriveRequest request) {
		return brokerQueues().redrive(queue, request.selection(), MAX_REDRIVE);
	}

	private BrokerDeadLetterQueues brokerQueues() {
		BrokerDeadLetterQueues queues = this.brokerQueues.getIfAvailable();
		if (queues == null) {
			throw new BrokerDeadLettersUnsupportedException(
					"this service has no broker connection for dead letters (neither the RabbitMQ nor the Kafka binder is in use)");
		}
		return queues;
	}

	private void requireStream(String stream) {
		if (!this.streams.streams().contains(stream) && !this.pipelineDeadLetters.knows(stream)) {
			throw new UnknownStreamException(stream, this.streams.streams());
		}
	}

	private static int limit(@Nullable Integer limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new BadRedriveRequestException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
		}
		return limit;
	}

	/**
	 * What to redrive: {@code {"ids": [...]}} or {@code {"all": true}}.
	 */
	record RedriveRequest(@Nullable List<String> ids, @Nullable Boolean all) {

		/** The ids named, or null for all. */
		@Nullable List<String> selection() {
			boolean everything = Boolean.TRUE.equals(this.all);
			boolean named = this.ids != null && !this.ids.isEmpty();
			if (everything == named) {
				throw new BadRedriveRequestException(
						"name the dead letters to redrive, {\"ids\": [\"...\"]}, or ask for all of them, {\"all\": true}");
			}
			if (!named) {
				return null;
			}
			Set<String> distinct = new LinkedHashSet<>(this.ids);
			if (distinct.size() > MAX_REDRIVE) {
				throw new BadRedriveRequestException("at most " + MAX_REDRIVE + " ids per redrive");
			}
			return List.copyOf(distinct);
		}

	}

	record Overview(List<StreamSummary> streams, List<QueueSummary> queues) {
	}

	/**
	 * @param waiting   pipeline dead letters waiting for a redrive
	 * @param redriving taken by a redrive that has not finished (run it again to finish it)
	 */
	record StreamSummary(String stream, long waiting, long redriving, String href) {
	}

	record QueueSummary(String name, String queue, long messages, String href) {
	}

	record StreamDeadLetters(String stream, List<StoredDeadLetter> items) {
	}

	record QueueDeadLetters(String name, String queue, long messages, List<BrokerDeadLetter> items) {
	}

}
