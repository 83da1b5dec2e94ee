package io.tributary.query.record;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.query.QueryProperties;
import io.tributary.query.pipeline.PipelineCatalog;
import io.tributary.query.web.NotFoundException;
import io.tributary.query.web.RequestParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets a user see what was not counted: late events of a pipeline (and the results storage dropped as
 * older than the retention), dead-lettered events of a stream.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class RecordController {

	private final PipelineCatalog catalog;

	private final RecordReader reader;

	private final QueryProperties properties;

	RecordController(PipelineCatalog catalog, RecordReader reader, QueryProperties properties) {
		this.catalog = catalog;
		this.reader = reader;
		this.properties = properties;
	}

	@GetMapping("/pipelines/{pipeline}/late")
	LateList late(@PathVariable String pipeline, @RequestParam(required = false) @Nullable String limit) {
		this.catalog.pipeline(pipeline);
		int size = RequestParameters.limit(limit, this.properties.defaultLimit(), this.properties.maxLimit());
		return new LateList(this.reader.late(pipeline, size), this.reader.droppedResults(pipeline, size));
	}

	@GetMapping("/streams/{stream}/dead-letters")
	DeadLetterList deadLetters(@PathVariable String stream, @RequestParam(required = false) @Nullable String limit) {
		int size = RequestParameters.limit(limit, this.properties.defaultLimit(), this.properties.maxLimit());
		if (!this.catalog.declaresStream(stream) && !this.reader.hasDeadLetters(stream)) {
			throw new NotFoundException(
					"Unknown stream '" + stream + "'; declared streams: " + this.catalog.streams());
		}
		return new DeadLetterList(this.reader.deadLetters(stream, size));
	}

	/**
	 * @param items          late events, newest first
	 * @param droppedResults results not stored because their window ended before the retention cutoff
	 *                       (reason {@code expired-retention}), newest first; left out when there are none
	 */
	record LateList(List<LateRecordView> items,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<DroppedResultView> droppedResults) {
	}

	record DeadLetterList(List<DeadLetterRecord> items) {
	}

}
