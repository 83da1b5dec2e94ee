package io.tributary.query.result;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WindowSpec;
import io.tributary.query.QueryProperties;
import io.tributary.query.pipeline.PipelineCatalog;
import io.tributary.query.web.InvalidParameterException;
import io.tributary.query.web.NotFoundException;
import io.tributary.query.web.RequestParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Window results of a pipeline: a key's results over a time range, page by page (of one pipeline
 * version if asked); a key's latest result; the pipeline's keys. Parameters are checked before Redis is asked, so a bad request costs
 * nothing and says exactly what is wrong.
 */
@RestController
@RequestMapping(path = "/api/v1/pipelines/{pipeline}", produces = MediaType.APPLICATION_JSON_VALUE)
class ResultController {

	private final PipelineCatalog catalog;

	private final ResultReader reader;

	private final QueryProperties properties;

	ResultController(PipelineCatalog catalog, ResultReader reader, QueryProperties properties) {
		this.catalog = catalog;
		this.reader = reader;
		this.properties = properties;
	}

	@GetMapping("/results")
	ResultList results(@PathVariable String pipeline, @RequestParam(required = false) @Nullable String key,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable String version, HttpServletRequest request) {
		this.catalog.pipeline(pipeline);
		String k = RequestParameters.required("key", key);
		TimeRange range = TimeRange.parse(from, to);
		int pageSize = RequestParameters.limit(limit, this.properties.defaultLimit(), this.properties.maxLimit());
		Long onlyVersion = RequestParameters.version(version);
		if (cursor != null) {
			range = range.after(PageCursor.decode(cursor));
		}
		requireKey(pipeline, k);
		ResultPage page = (onlyVersion == null) ? this.reader.page(pipeline, k, range, pageSize)
				: this.reader.page(pipeline, k, range, pageSize, onlyVersion);
		String next = page.lastWindowStart() == null ? null
				: nextPage(request, k, from, to, pageSize, onlyVersion, PageCursor.encode(page.lastWindowStart()));
		return new ResultList(page.items().stream().map(WindowResult::withoutState).toList(), next);
	}

	@GetMapping("/keys/{key}/latest")
	WindowResult latest(@PathVariable String pipeline, @PathVariable String key) {
		this.catalog.pipeline(pipeline);
		requireKey(pipeline, key);
		return this.reader.latest(pipeline, key)
			.map(WindowResult::withoutState)
			.orElseThrow(() -> new NotFoundException(
					"Key '" + key + "' of pipeline '" + pipeline + "' has no results (any more)"));
	}

	/**
	 * One aggregate over the key's windows that start in {@code [from, to)} (of one pipeline version if
	 * asked: windows of two versions may overlap, and an old version's state may not merge under the
	 * current definition): the windows' metrics merged (quantiles, distinct counts and top values
	 * from merged sketches), with how many windows were merged and whether all were final.
	 */
	@GetMapping("/keys/{key}/rollup")
	Rollup.RollupView rollup(@PathVariable String pipeline, @PathVariable String key,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String version) {
		PipelineDefinition definition = this.catalog.pipeline(pipeline);
		TimeRange range = TimeRange.parse(from, to);
		Long onlyVersion = RequestParameters.version(version);
		if (definition.window().type() == WindowSpec.Type.HOPPING) {
			throw new InvalidParameterException("pipeline", "'" + pipeline + "' has hopping windows, which overlap: "
					+ "a roll-up would count each event once per window it is in; roll up a tumbling pipeline");
		}
		if (definition.graph() != null) {
			throw new InvalidParameterException("pipeline", "'" + pipeline + "' is a graph: its degrees and "
					+ "components are per window and do not add up across windows; read them per window "
					+ "(/graph/nodes/{node}, /graph/components)");
		}
		requireKey(pipeline, key);
		Rollup rollup = this.reader.rollup(definition, key, range, this.properties.maxLimit(),
				this.properties.maxRollupWindows(), onlyVersion);
		return rollup.view(key, (from == null) ? null : Instant.ofEpochMilli(range.fromInclusive()),
				(to == null) ? null : Instant.ofEpochMilli(range.toInclusive() + 1));
	}

	@GetMapping("/keys")
	KeyList keys(@PathVariable String pipeline, @RequestParam(required = false) @Nullable String limit) {
		this.catalog.pipeline(pipeline);
		int size = RequestParameters.limit(limit, this.properties.defaultLimit(), this.properties.maxLimit());
		return new KeyList(this.reader.keys(pipeline, size), this.reader.keyCount(pipeline));
	}

	private void requireKey(String pipeline, String key) {
		if (!this.reader.keyExists(pipeline, key)) {
			throw new NotFoundException("Pipeline '" + pipeline + "' has no key '" + key + "'");
		}
	}

	/**
	 * The URL of the next page: this request's URL with the same parameters and the cursor. Built
	 * from the parameters rather than the raw query string, so a value such as a key with '+' or '&'
	 * is encoded once and correctly.
	 */
	private static String nextPage(HttpServletRequest request, String key, @Nullable String from,
			@Nullable String to, int limit, @Nullable Long version, String cursor) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("key", key);
		if (from != null) {
			params.put("from", from);
		}
		if (to != null) {
			params.put("to", to);
		}
		params.put("limit", String.valueOf(limit));
		if (version != null) {
			params.put("version", version.toString());
		}
		params.put("cursor", cursor);
		String query = params.entrySet()
			.stream()
			// %20 rather than form encoding's '+' for a space: every URI decoder reads %20 as a space
			.map((p) -> p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
			.collect(Collectors.joining("&"));
		return ServletUriComponentsBuilder.fromRequestUri(request).build().toUriString() + "?" + query;
	}

	/**
	 * @param next URL of the next page, or null on the last page
	 */
	record ResultList(List<WindowResult> items, @Nullable String next) {
	}

	/**
	 * @param total how many keys the pipeline has in all
	 */
	record KeyList(List<ResultReader.KeyEntry> items, long total) {
	}

}
