package io.tributary.ingestion.intake;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.StreamDefinition;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streams and lookup tables that a pipeline file declares, with each stream's JSON Schema loaded
 * and compiled once at start-up.
 */
public final class StreamCatalog {

	private final Map<String, StreamRules> streams;

	private final Set<String> lookupTables;

	private StreamCatalog(Map<String, StreamRules> streams, Set<String> lookupTables) {
		this.streams = streams;
		this.lookupTables = lookupTables;
	}

	/**
	 * The catalog of a loaded pipeline file.
	 * @throws IllegalStateException when a stream's schema file is not a usable JSON Schema; the
	 * message names the stream and the file
	 */
	public static StreamCatalog of(PipelineFile file) {
		JsonMapper mapper = EventReader.MAPPER;
		// Schemas without "$schema" are read as the current draft.
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		Map<String, StreamRules> streams = new LinkedHashMap<>();
		for (StreamDefinition definition : file.streams().values()) {
			Schema schema = definition.schema() == null ? null : load(registry, mapper, definition);
			streams.put(definition.name(), new StreamRules(definition, schema));
		}
		return new StreamCatalog(Collections.unmodifiableMap(streams),
				Collections.unmodifiableSet(new LinkedHashSet<>(file.lookups().keySet())));
	}

	private static Schema load(SchemaRegistry registry, JsonMapper mapper, StreamDefinition definition) {
		Path path = definition.schema();
		JsonNode node;
		try {
			node = mapper.readTree(path);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException(failure(definition, path, "not readable JSON: " + ex.getOriginalMessage()),
					ex);
		}
		if (!node.isObject() && !node.isBoolean()) {
			throw new IllegalStateException(failure(definition, path, "a JSON Schema is an object or a boolean"));
		}
		try {
			Schema schema = registry.getSchema(SchemaLocation.of(path.toUri().toString()), node);
			// Compile the whole schema now, so that a broken one fails start-up rather than a request.
			schema.initializeValidators();
			return schema;
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(failure(definition, path, String.valueOf(ex.getMessage())), ex);
		}
	}

	private static String failure(StreamDefinition definition, @Nullable Path path, String reason) {
		return "stream '" + definition.name() + "': cannot use JSON Schema " + path + ": " + reason;
	}

	/** The stream's rules, or an {@link UnknownStreamException}. */
	StreamRules rules(String stream) {
		StreamRules rules = this.streams.get(stream);
		if (rules == null) {
			throw new UnknownStreamException(stream, this.streams.keySet());
		}
		return rules;
	}

	public Set<String> streams() {
		return this.streams.keySet();
	}

	/** The declared lookup tables. */
	public Set<String> lookupTables() {
		return this.lookupTables;
	}

}
