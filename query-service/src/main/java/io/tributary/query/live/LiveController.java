package io.tributary.query.live;

import java.security.Principal;

import io.tributary.query.pipeline.PipelineCatalog;
import io.tributary.query.web.InvalidParameterException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/pipelines/{pipeline}/stream}: Server-Sent Events of the pipeline's results as
 * storage writes them. Starts after the {@code Last-Event-ID} header (what a browser's EventSource
 * sends when it reconnects), else after {@code since} (a feed id, or {@code 0} for everything the
 * feed still holds), else with the next result. {@code key} limits it to one key. Each API key may
 * hold a limited number of streams open at once (429 past it).
 */
@RestController
class LiveController {

	private final PipelineCatalog catalog;

	private final LiveStreams streams;

	private final FeedReader feed;

	LiveController(PipelineCatalog catalog, LiveStreams streams, FeedReader feed) {
		this.catalog = catalog;
		this.streams = streams;
		this.feed = feed;
	}

	@GetMapping(path = "/api/v1/pipelines/{pipeline}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@PathVariable String pipeline, @RequestParam(required = false) @Nullable String key,
			@RequestParam(required = false) @Nullable String since,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			@Nullable Principal principal) {
		this.catalog.pipeline(pipeline);
		if (key != null && key.isBlank()) {
			throw new InvalidParameterException("key", "must not be blank");
		}
		String after;
		if (lastEventId != null && !lastEventId.isBlank()) {
			if (!FeedReader.isId(lastEventId.trim())) {
				throw new InvalidParameterException("Last-Event-ID",
						"must be an event id this stream sent (such as 1714564800000-0), got '" + lastEventId + "'");
			}
			after = lastEventId.trim();
		}
		else if (since != null) {
			String s = since.trim();
			if (!"0".equals(s) && !FeedReader.isId(s)) {
				throw new InvalidParameterException("since",
						"must be an event id (such as 1714564800000-0) or 0 for everything kept, got '" + since + "'");
			}
			after = "0".equals(s) ? FeedReader.BEGINNING : s;
		}
		else {
			after = this.feed.newestId(pipeline);
		}
		// with keys on, the principal is the key (or the browser session it opened), named by the key's name
		return this.streams.open(pipeline, key, after, (principal != null) ? principal.getName() : null);
	}

}
