package io.tributary.ingestion.api;

import java.time.Duration;

import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.lookup.LookupStore;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/v1/lookups/{table}} upserts entries of a lookup table;
 * {@code GET /api/v1/lookups/{table}/{key}} reads one back.
 */
@RestController
class LookupController {

	private final LookupStore store;

	private final DataSize maxRequestSize;

	private final Duration bodyReadTimeout;

	LookupController(LookupStore store, IngestionProperties properties) {
		this.store = store;
		this.maxRequestSize = properties.ingestion().maxRequestSize();
		this.bodyReadTimeout = properties.ingestion().bodyReadTimeout();
	}

	@PutMapping(path = "/api/v1/lookups/{table}", consumes = MediaType.APPLICATION_JSON_VALUE)
	LookupUpserted upsert(@PathVariable String table, HttpServletRequest request) {
		this.store.requireTable(table);
		byte[] body = RequestBodies.read(request, this.maxRequestSize, this.bodyReadTimeout);
		return new LookupUpserted(table, this.store.upsert(table, body));
	}

	/** The value as it was stored: its JSON text. */
	@GetMapping(path = "/api/v1/lookups/{table}/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> get(@PathVariable String table, @PathVariable String key) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.store.get(table, key));
	}

}
