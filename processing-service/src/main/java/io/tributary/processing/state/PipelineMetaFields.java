package io.tributary.processing.state;

import org.jspecify.annotations.Nullable;

/**
 * The names of one kind of a pipeline's per-key state in a partition's checkpoint meta hash:
 * {@code <kind>|<pipeline length>|<pipeline>|<rest>}, the length so that a pipeline name may contain
 * a bar, and the rest (a key, or a rule and a key) whatever the kind makes unique within the pipeline.
 */
public final class PipelineMetaFields {

	private final String prefix;

	/** The fields of {@code kind} (e.g. {@code alert}) for {@code pipeline}. */
	public PipelineMetaFields(String kind, String pipeline) {
		this.prefix = kind + "|" + pipeline.length() + "|" + pipeline + "|";
	}

	/** The meta field that holds {@code rest}. */
	public String field(String rest) {
		return this.prefix + rest;
	}

	/** What a meta field of this pipeline and kind holds after its prefix. */
	public String rest(String metaField) {
		return metaField.substring(this.prefix.length());
	}

	/**
	 * The pipeline a meta field of {@code kind} belongs to, or null for fields of other kinds.
	 *
	 * @throws IllegalArgumentException when the field has the kind's prefix but not its form
	 */
	public static @Nullable String pipelineOf(String kind, String metaField) {
		String start = kind + "|";
		if (!metaField.startsWith(start)) {
			return null;
		}
		int bar = metaField.indexOf('|', start.length());
		try {
			int length = Integer.parseInt(metaField, start.length(), bar, 10);
			return metaField.substring(bar + 1, bar + 1 + length);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(kind + " state field '" + metaField + "' is malformed", ex);
		}
	}

}
