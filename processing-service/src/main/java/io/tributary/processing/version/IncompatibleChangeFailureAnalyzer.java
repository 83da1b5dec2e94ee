package io.tributary.processing.version;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start refused by {@code on-incompatible-change=refuse} as a short report: each pipeline and what
 * changed, and the two ways on. Registered in {@code META-INF/spring.factories}.
 */
public final class IncompatibleChangeFailureAnalyzer implements FailureAnalyzer {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof IncompatibleChangeException refused) {
				String changes = refused.changes()
					.stream()
					.map((c) -> "  pipeline '" + c.pipeline() + "': " + c.summary())
					.collect(Collectors.joining("\n"));
				return new FailureAnalysis(
						"Processing refuses to start: these pipelines changed in ways their stored state cannot follow"
								+ " (tributary.processing.on-incompatible-change=refuse):\n" + changes,
						"To start new versions of them with empty state (old results stay until their retention), start"
								+ " once with tributary.processing.on-incompatible-change=new-version"
								+ " (TRIBUTARY_PROCESSING_ON_INCOMPATIBLE_CHANGE=new-version); to keep the running"
								+ " versions, deploy the previous pipeline file. ./tributary validate FILE shows the"
								+ " changes before a restart.",
						refused);
			}
		}
		return null;
	}

}
