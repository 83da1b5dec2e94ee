package io.tributary.processing.route;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.DataProjection;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Event;
import io.tributary.contract.FirstSeenInput;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.Partitions;
import io.tributary.contract.Redrive;
import io.tributary.contract.StreamTime;
import io.tributary.contract.pipeline.Durations;
import io.tributary.contract.pipeline.EnrichStep;
import io.tributary.contract.pipeline.FirstSeenCalls;
import io.tributary.contract.pipeline.LetStep;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.StreamDefinition;
import io.tributary.processing.time.TimeArithmetic;
import org.jspecify.annotations.Nullable;

/**
 * The route stage: for each event and each pipeline reading its stream, applies the filter, the
 * enrichments and the key, and addresses the result to the partition owning {@code (pipeline, key)}.
 * An event whose time is past the clock plus its stream's {@code max-future} goes to no pipeline: it
 * becomes one dead letter (of no pipeline) with the reason, so that it cannot move a watermark.
 * A pipeline that calls {@code first-seen(field)} is finished in the window stage
 * ({@link WindowStageExpressions}): here its filter drops only events it rejects whatever the answer,
 * and the derived fields that use the answer are left to the window stage, with the event's data.
 * Stateless and deterministic for given lookup contents and clock, so a redelivered event is routed
 * the same way again (except that an event refused as too far ahead may pass once the clock has
 * caught up with it). Thread-safe.
 */
public final class Router {

	private final Map<String, StreamRoute> byStream;

	private final LookupSource lookups;

	private final int partitionCount;

	private final Clock clock;

	private final DataProjection projection;

	/**
	 * @throws io.tributary.contract.pipeline.PipelineFileException when an expression does not compile
	 */
	public Router(PipelineFile file, LookupSource lookups, int partitionCount, Clock clock) {
		Map<String, StreamRoute> compiled = new HashMap<>();
		List<String> problems = new ArrayList<>();
		for (PipelineDefinition p : file.pipelines().values()) {
			try {
				compiled.computeIfAbsent(p.source(), (s) -> new StreamRoute(s, maxFuture(file, s)))
					.pipelines()
					.add(new CompiledPipeline(p));
			}
			catch (io.tributary.contract.pipeline.PipelineFileException ex) {
				problems.addAll(ex.problems());
			}
		}
		if (!problems.isEmpty()) {
			throw new io.tributary.contract.pipeline.PipelineFileException(file.source(), problems);
		}
		this.byStream = compiled;
		this.projection = projection(compiled);
		this.lookups = lookups;
		this.partitionCount = partitionCount;
		this.clock = clock;
	}

	private static Duration maxFuture(PipelineFile file, String stream) {
		// the loader checks that every source is a declared stream
		return file.stream(stream).map(StreamDefinition::maxFuture).orElse(StreamDefinition.DEFAULT_MAX_FUTURE);
	}

	/**
	 * Per stream, the fields of an event's data its pipelines read (filters, enrichment keys, lets,
	 * key-by and what the keyed events carry); a stream some expression reads whole is not named.
	 */
	private static DataProjection projection(Map<String, StreamRoute> routes) {
		Map<String, Set<String>> byStream = new HashMap<>();
		for (StreamRoute route : routes.values()) {
			Set<String> fields = new LinkedHashSet<>();
			for (CompiledPipeline pipeline : route.pipelines()) {
				Set<String> read = pipeline.eventFields();
				if (read == null) {
					fields = null;
					break;
				}
				fields.addAll(read);
			}
			if (fields != null) {
				byStream.put(route.name(), Set.copyOf(fields));
			}
		}
		return DataProjection.of(byStream);
	}

	/**
	 * What to read of the events' data: the fields the pipelines read. Events read so are routed as
	 * whole ones are (their data reads the rest when asked, as a dead letter's copy does).
	 */
	public DataProjection projection() {
		return this.projection;
	}

	/** Whether any pipeline reads the stream: its progress markers matter only then. */
	public boolean isRead(String stream) {
		return this.byStream.containsKey(stream);
	}

	/** The number of window-state partitions keyed events are spread over. */
	public int partitionCount() {
		return this.partitionCount;
	}

	/** Routes events no API key published. */
	public RouteResult route(List<Event> events) {
		return routePublished(events.stream().map((e) -> new PublishedEvent(e, null)).toList());
	}

	/** Routes events; each dead letter and keyed event names the API key that published its event. */
	public RouteResult routePublished(List<PublishedEvent> events) {
		Map<Integer, List<KeyedEvent>> byPartition = new HashMap<>();
		List<DeadLetterRecord> deadLetters = new ArrayList<>();
		long filteredOut = 0;
		long tooFarAhead = 0;
		long now = this.clock.millis();
		Map<String, Instant> latest = new LinkedHashMap<>(2);
		for (PublishedEvent published : events) {
			Event event = published.event();
			String apiKey = published.apiKey();
			StreamRoute stream = this.byStream.get(event.stream());
			if (stream == null) {
				continue;
			}
			if (stream.isTooFarAhead(event.eventTime(), now)) {
				deadLetters.add(DeadLetterRecord.of(event, null, Instant.ofEpochMilli(now),
						stream.tooFarAhead(event.eventTime(), now), apiKey));
				tooFarAhead++;
				continue;
			}
			Redrive redrive = event.redrive();
			if (redrive == null) {
				// a redriven dead letter is an old event sent again, not the stream's time
				latest.merge(stream.name(), event.eventTime(), (a, b) -> a.isAfter(b) ? a : b);
			}
			for (CompiledPipeline pipeline : stream.pipelines()) {
				// a redriven dead letter goes back to the pipeline that rejected it only
				if (redrive != null && !redrive.isFor(pipeline.name)) {
					continue;
				}
				try {
					KeyedEvent keyed = pipeline.apply(event, apiKey, this.lookups);
					if (keyed == null) {
						filteredOut++;
					}
					else {
						int partition = Partitions.of(keyed.pipeline(), keyed.key(), this.partitionCount);
						byPartition.computeIfAbsent(partition, (p) -> new ArrayList<>()).add(keyed);
					}
				}
				catch (EvaluationException ex) {
					deadLetters.add(DeadLetterRecord.of(event, pipeline.name, this.clock.instant(), ex.getMessage(),
							apiKey));
				}
			}
		}
		List<StreamTime> streamTimes = new ArrayList<>(latest.size());
		latest.forEach((name, time) -> streamTimes.add(new StreamTime(name, time)));
		return new RouteResult(byPartition, deadLetters, filteredOut, tooFarAhead, streamTimes);
	}

	/**
	 * The pipelines reading one stream, and the stream's {@code max-future}: an event time past the
	 * clock plus that is refused before any pipeline sees it, with one comparison of longs.
	 */
	private record StreamRoute(String name, long maxFutureMillis, List<CompiledPipeline> pipelines) {

		StreamRoute(String name, Duration maxFuture) {
			this(name, TimeArithmetic.millis(maxFuture), new ArrayList<>());
		}

		boolean isTooFarAhead(Instant eventTime, long now) {
			return TimeArithmetic.epochMillis(eventTime) > TimeArithmetic.plus(now, this.maxFutureMillis);
		}

		String tooFarAhead(Instant eventTime, long now) {
			return "event time " + eventTime + " is after " + Instant.ofEpochMilli(TimeArithmetic.plus(now, this.maxFutureMillis))
					+ ", processing's clock plus the stream's max-future of "
					+ Durations.format(Duration.ofMillis(this.maxFutureMillis)) + " (streams." + this.name
					+ ".max-future); an event time that far ahead would move the watermark past everyone else's events";
		}

	}

	/** One pipeline's filter, enrichments and key, compiled. */
	private static final class CompiledPipeline {

		private final String name;

		private final @Nullable CompiledExpression filter;

		private final List<EnrichStep> enrich;

		private final List<CompiledExpression> enrichKeys;

		private final List<LetStep> lets;

		private final List<CompiledExpression> letExpressions;

		/** Whether the derived field at that index is left to the window stage (it uses first-seen). */
		private final List<Boolean> letInWindowStage;

		private final CompiledExpression keyBy;

		/** Whether the pipeline calls first-seen: its events carry their data to the window stage. */
		private final boolean firstSeen;

		/** Whether the filter's outcome may depend on the answer, which only the window stage knows. */
		private final boolean filterAsksFirstSeen;

		private final CarriedFields carriedFields;

		CompiledPipeline(PipelineDefinition definition) {
			this.name = definition.name();
			List<String> problems = new ArrayList<>();
			this.firstSeen = definition.usesFirstSeen();
			this.filterAsksFirstSeen = definition.filter() != null && FirstSeenCalls.uses(definition.filter().text());
			List<String> answer = this.firstSeen ? List.of(FirstSeenCalls.VARIABLE) : List.of();
			this.filter = definition.filter() == null ? null : compileOrCollect(definition.filter(), answer, problems);
			this.enrich = definition.enrich();
			this.enrichKeys = new ArrayList<>();
			List<String> bound = new ArrayList<>();
			for (EnrichStep step : definition.enrich()) {
				this.enrichKeys.add(compileOrCollect(step.key(), List.copyOf(bound), problems));
				bound.add(step.as());
			}
			this.lets = definition.let();
			this.letExpressions = new ArrayList<>();
			this.letInWindowStage = new ArrayList<>();
			Set<String> windowStage = FirstSeenCalls.windowStageLets(definition.let());
			for (LetStep let : definition.let()) {
				// a let the window stage computes is compiled here too, so that its errors stop the start-up
				List<String> scope = new ArrayList<>(bound);
				scope.addAll(answer);
				this.letExpressions.add(compileOrCollect(let.expression(), scope, problems));
				this.letInWindowStage.add(windowStage.contains(let.name()));
				bound.add(let.name());
			}
			this.keyBy = compileOrCollect(definition.keyBy(), List.copyOf(bound), problems);
			if (!problems.isEmpty()) {
				throw new io.tributary.contract.pipeline.PipelineFileException(definition.keyBy().location(), problems);
			}
			this.carriedFields = new CarriedFields(definition);
		}

		/** The fields of the event's data this pipeline reads, or null when it may read any. */
		@Nullable Set<String> eventFields() {
			if (this.firstSeen) {
				// the window stage finishes it with the event's whole data
				return null;
			}
			Set<String> fields = new LinkedHashSet<>(this.carriedFields.names());
			List<CompiledExpression> expressions = new ArrayList<>(this.enrichKeys);
			expressions.addAll(this.letExpressions);
			expressions.add(this.keyBy);
			if (this.filter != null) {
				expressions.add(this.filter);
			}
			for (CompiledExpression expression : expressions) {
				Set<String> read = expression.eventFields();
				if (read == null) {
					return null;
				}
				fields.addAll(read);
			}
			return fields;
		}

		private static @Nullable CompiledExpression compileOrCollect(io.tributary.contract.pipeline.Expression e,
				List<String> bound, List<String> problems) {
			try {
				return bound.contains(FirstSeenCalls.VARIABLE) ? WindowStageExpressions.compile(e, bound)
						: CompiledExpression.compile(e, bound);
			}
			catch (io.tributary.contract.pipeline.PipelineFileException ex) {
				problems.addAll(ex.problems());
				return null;
			}
		}

		/** @return the keyed event, or null when the filter rejects the event */
		@Nullable KeyedEvent apply(Event event, @Nullable String apiKey, LookupSource lookups) throws EvaluationException {
			Map<String, Object> data = event.data();
			boolean filterPending = false;
			if (this.filter != null && !this.filterAsksFirstSeen) {
				if (!passes(data, Map.of())) {
					return null;
				}
			}
			else if (this.filter != null) {
				// the answer is the window stage's: drop only what the filter rejects either way
				boolean ifNew = passes(data, Map.of(FirstSeenCalls.VARIABLE, true));
				boolean ifSeen = passes(data, Map.of(FirstSeenCalls.VARIABLE, false));
				if (!ifNew && !ifSeen) {
					return null;
				}
				filterPending = ifNew != ifSeen;
			}
			// sized for what it can hold (most pipelines bind one or two names per event)
			Map<String, Object> enriched = this.enrich.isEmpty() && this.lets.isEmpty() ? Map.of()
					: LinkedHashMap.newLinkedHashMap(this.enrich.size() + this.lets.size());
			for (int i = 0; i < this.enrich.size(); i++) {
				EnrichStep step = this.enrich.get(i);
				Object lookupKey = this.enrichKeys.get(i).evaluate(data, enriched);
				String key = KeyText.of(lookupKey);
				if (key == null) {
					throw new EvaluationException("enrich '" + step.as() + "': lookup key '" + step.key().text()
							+ "' gave " + KeyText.describe(lookupKey));
				}
				Object value = lookups.get(step.lookup(), key);
				if (value == null) {
					throw new EvaluationException("enrich '" + step.as() + "': lookup '" + step.lookup()
							+ "' has no entry for key '" + key + "'");
				}
				enriched.put(step.as(), value);
			}
			for (int i = 0; i < this.lets.size(); i++) {
				if (this.letInWindowStage.get(i)) {
					continue;
				}
				// a derived field without a value (null) is absent, as a missing event field is
				Object value = this.letExpressions.get(i).evaluate(data, enriched);
				if (value != null) {
					enriched.put(this.lets.get(i).name(), value);
				}
			}
			Object keyValue = this.keyBy.evaluate(data, enriched);
			String key = KeyText.of(keyValue);
			if (key == null) {
				throw new EvaluationException("key-by '" + this.keyBy.text + "' gave " + KeyText.describe(keyValue));
			}
			Map<String, Object> values = this.carriedFields.of(data, enriched);
			FirstSeenInput firstSeenInput = this.firstSeen ? new FirstSeenInput(data, enriched, filterPending) : null;
			// a redriven event entered the pipeline again when it was redriven: its wait (the accept lag
			// ingestion refuses batches by) and its end-to-end latency count from then, not from a first
			// acceptance that may be days old
			Redrive redrive = event.redrive();
			Instant accepted = (redrive != null) ? redrive.redrivenAt() : event.ingestTime();
			return new KeyedEvent(this.name, key, event.id(), event.ingestId(), event.eventTime(), values, accepted,
					apiKey, firstSeenInput);
		}

		private boolean passes(Map<String, Object> data, Map<String, Object> bound) throws EvaluationException {
			Object pass = this.filter.evaluate(data, bound);
			if (!(pass instanceof Boolean b)) {
				throw new EvaluationException("filter '" + this.filter.text + "' gave "
						+ (pass == null ? "no value" : "a " + pass.getClass().getSimpleName()) + ", not true/false");
			}
			return b;
		}

	}

}
