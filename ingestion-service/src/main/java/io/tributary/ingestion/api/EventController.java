package io.tributary.ingestion.api;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import java.security.Principal;
import java.time.Duration;

import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.backpressure.Admission;
import io.tributary.ingestion.intake.BodyFormat;
import io.tributary.ingestion.intake.EventIntake;
import io.tributary.ingestion.intake.IdSource;
import io.tributary.ingestion.publish.EventPublisher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/streams/{stream}/events}: validates a request's events whole and answers 202
 * only once the broker confirmed the batch, which carries the name of the request's API key; while
 * the pipeline is behind ({@link Admission}) it answers 503 without reading the body.
 */
@RestController
class EventController {

	private final EventIntake intake;

	private final EventPublisher publisher;

	private final Admission admission;

	private final DataSize maxRequestSize;

	private final Duration bodyReadTimeout;

	EventController(EventIntake intake, EventPublisher publisher, Admission admission, IngestionProperties properties) {
		this.intake = intake;
		this.publisher = publisher;
		this.admission = admission;
		this.maxRequestSize = properties.ingestion().maxRequestSize();
		this.bodyReadTimeout = properties.ingestion().bodyReadTimeout();
	}

	@PostMapping(path = "/api/v1/streams/{stream}/events",
			consumes = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE })
	ResponseEntity<AcceptedEvents> ingest(@PathVariable String stream,
			@RequestHeader(org.springframework.http.HttpHeaders.CONTENT_TYPE) MediaType contentType,
			HttpServletRequest request, @Nullable Principal principal) {
		this.intake.requireStream(stream);
		// before the body is read: a pipeline that is behind refuses cheaply (Tomcat drops the body)
		this.admission.admit();
		byte[] body = RequestBodies.read(request, this.maxRequestSize, this.bodyReadTimeout);
		BodyFormat format = MediaType.APPLICATION_NDJSON.isCompatibleWith(contentType) ? BodyFormat.NDJSON
				: BodyFormat.JSON;
		EventBatch batch = this.intake.accept(stream, body, format, IdSource.fresh());
		// with keys on, the principal is named by the request's key: its name travels with the batch
		this.publisher.publish(stream, batch, (principal != null) ? principal.getName() : null);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(new AcceptedEvents(batch.events().size(), batch.events().stream().map(Event::id).toList()));
	}

}
