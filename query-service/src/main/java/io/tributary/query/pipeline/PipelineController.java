package io.tributary.query.pipeline;

import java.util.List;

import io.tributary.contract.pipeline.PipelineDefinition;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the declared pipelines with their definitions and live status. */
@RestController
@RequestMapping(path = "/api/v1/pipelines", produces = MediaType.APPLICATION_JSON_VALUE)
class PipelineController {

	private final PipelineCatalog catalog;

	private final PipelineStatusReader statusReader;

	private final PipelineVersionReader versionReader;

	PipelineController(PipelineCatalog catalog, PipelineStatusReader statusReader,
			PipelineVersionReader versionReader) {
		this.catalog = catalog;
		this.statusReader = statusReader;
		this.versionReader = versionReader;
	}

	@GetMapping
	PipelineList pipelines() {
		return new PipelineList(this.catalog.pipelines().stream().map(this::view).toList());
	}

	@GetMapping("/{pipeline}")
	PipelineView pipeline(@PathVariable String pipeline) {
		return view(this.catalog.pipeline(pipeline));
	}

	private PipelineView view(PipelineDefinition definition) {
		return new PipelineView(definition.name(), DefinitionView.of(definition),
				this.statusReader.status(definition.name()),
				this.versionReader.version(this.catalog.fingerprint(definition)));
	}

	record PipelineList(List<PipelineView> items) {
	}

}
