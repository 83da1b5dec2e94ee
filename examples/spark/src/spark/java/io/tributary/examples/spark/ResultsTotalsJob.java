package io.tributary.examples.spark;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple4;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

/**
 * A Spark Structured Streaming job over Tributary's outbound results topic on Kafka: per pipeline,
 * the running total of one metric over final results, each window counted with its latest final
 * revision only and not at all once retracted ({@link PipelineTotal}, the job's state per pipeline,
 * checkpointed by Spark). Prints each pipeline's total to the console as it changes.
 * <p>
 * Arguments: bootstrap servers ({@code localhost:9092}), topic ({@code tributary.results.out}),
 * metric ({@code views}), checkpoint directory ({@code /tmp/tributary-results-totals}).
 */
public final class ResultsTotalsJob {

	private static final Logger log = LoggerFactory.getLogger(ResultsTotalsJob.class);

	private ResultsTotalsJob() {
	}

	public static void main(String[] args) throws Exception {
		String bootstrapServers = arg(args, 0, "localhost:9092");
		String topic = arg(args, 1, "tributary.results.out");
		String metric = arg(args, 2, "views");
		String checkpoint = arg(args, 3, "/tmp/tributary-results-totals");
		SparkSession spark = SparkSession.builder().appName("tributary-results-totals").getOrCreate();

		Dataset<Row> records = spark.readStream()
			.format("kafka")
			.option("kafka.bootstrap.servers", bootstrapServers)
			.option("subscribe", topic)
			.option("startingOffsets", "earliest")
			.option("includeHeaders", "true")
			.load()
			.select(col("value").cast("string").as("value"), expr(
					"CAST(try_element_at(filter(headers, h -> h.key = 'tributaryType'), 1).value AS STRING)")
				.as("type"));
		Dataset<ResultsOutMessage> messages = records.flatMap(
				(FlatMapFunction<Row, ResultsOutMessage>) (row) -> read(row, metric).iterator(),
				Encoders.javaSerialization(ResultsOutMessage.class));
		Dataset<Row> totals = messages
			.groupByKey((MapFunction<ResultsOutMessage, String>) ResultsOutMessage::pipeline, Encoders.STRING())
			.flatMapGroupsWithState(
					(FlatMapGroupsWithStateFunction<String, ResultsOutMessage, PipelineTotal, Tuple4<String, Double, Integer, Long>>) ResultsTotalsJob::update,
					OutputMode.Update(), Encoders.javaSerialization(PipelineTotal.class),
					Encoders.tuple(Encoders.STRING(), Encoders.DOUBLE(), Encoders.INT(), Encoders.LONG()),
					GroupStateTimeout.NoTimeout())
			.toDF("pipeline", "total_" + metric, "windows", "duplicates");

		StreamingQuery query = totals.writeStream()
			.outputMode("update")
			.format("console")
			.option("truncate", "false")
			.option("checkpointLocation", checkpoint)
			.start();
		query.awaitTermination();
	}

	/** A record as a message; an unreadable one is logged and left out rather than stopping the query. */
	private static List<ResultsOutMessage> read(Row row, String metric) {
		try {
			return List.of(ResultsOutMessage.parse(row.getString(1), row.getString(0), metric));
		}
		catch (IllegalArgumentException ex) {
			log.warn("Leaving out an unreadable record: {}", ex.getMessage());
			return Collections.emptyList();
		}
	}

	private static Iterator<Tuple4<String, Double, Integer, Long>> update(String pipeline,
			Iterator<ResultsOutMessage> messages, GroupState<PipelineTotal> state) {
		PipelineTotal total = state.exists() ? state.get() : new PipelineTotal();
		while (messages.hasNext()) {
			total.apply(messages.next());
		}
		state.update(total);
		return List.of(new Tuple4<>(pipeline, total.total(), total.windows(), total.duplicates())).iterator();
	}

	private static String arg(String[] args, int index, String otherwise) {
		return (args.length > index) ? args[index] : otherwise;
	}

}
