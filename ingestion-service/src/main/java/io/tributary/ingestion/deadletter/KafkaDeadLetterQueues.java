package io.tributary.ingestion.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.Headers;
import io.tributary.support.broker.UnconfirmedException;
import io.tributary.support.kafka.AcknowledgedRecords;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka's dead-letter topics. A record cannot be taken out of a topic, so what has been redriven is
 * the committed offset of one consumer group per installation ({@code <ns>.dead-letters}): a peek
 * reads from it to the end with a consumer that never commits; a redrive publishes each selected
 * record to the topic it came from (acknowledged, {@code acks=all}), then commits past it, as long
 * as every record before it in its partition was redriven too. A selected record behind one that
 * was not stays visible and an "all" redrive sends it again, which counts nothing twice: a record
 * goes back with a {@code message_id} that never changes (its publisher's, else the coordinates it
 * was first read at), from which ingestion derives the same event ids and ingestIds; results are
 * idempotent anyway.
 */
final class KafkaDeadLetterQueues implements BrokerDeadLetterQueues {

	/** Record header of the publisher's message id (as {@code KafkaIngestSource} reads it). */
	static final String MESSAGE_ID = "message_id";

	private static final Duration POLL = Duration.ofMillis(200);

	private final Map<String, Object> consumerConfig;

	private final AcknowledgedRecords records;

	private final Map<String, TopicSpec> topics;

	private final Duration timeout;

	/**
	 * @param consumerConfig the client settings (bootstrap servers, security); deserializers, group and
	 *                       commit settings are set here
	 * @param group          the consumer group whose committed offsets mark what was redriven
	 */
	KafkaDeadLetterQueues(Map<String, Object> consumerConfig, String group, AcknowledgedRecords records,
			Map<String, TopicSpec> topics, Duration timeout) {
		Map<String, Object> config = new HashMap<>(consumerConfig);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.consumerConfig = config;
		this.records = records;
		this.topics = new LinkedHashMap<>(topics);
		this.timeout = timeout;
	}

	/**
	 * A dead-letter topic and the topic its records go back to.
	 */
	record TopicSpec(String topic, String target) {
	}

	@Override
	public List<String> names() {
		return List.copyOf(this.topics.keySet());
	}

	@Override
	public String destination(String name) {
		return spec(name).topic();
	}

	@Override
	public long depth(String name) {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			Map<TopicPartition, Long> start = start(consumer, spec(name).topic());
			Map<TopicPartition, Long> end = consumer.endOffsets(start.keySet(), this.timeout);
			long depth = 0;
			for (Map.Entry<TopicPartition, Long> e : start.entrySet()) {
				depth += Math.max(0, end.getOrDefault(e.getKey(), 0L) - e.getValue());
			}
			return depth;
		}
		catch (KafkaException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public List<BrokerDeadLetter> peek(String name, int limit) {
		List<BrokerDeadLetter> seen = new ArrayList<>();
		read(spec(name), limit, (record) -> {
			seen.add(view(record));
			return false;
		});
		return seen;
	}

	@Override
	public RedriveReport redrive(String name, @Nullable List<String> ids, int limit) {
		TopicSpec spec = spec(name);
		if (ids != null) {
			Set<String> present = new HashSet<>();
			peek(name, limit).forEach((m) -> present.add(m.id()));
			List<String> missing = ids.stream().filter((id) -> !present.contains(id)).distinct().toList();
			if (!missing.isEmpty()) {
				throw new DeadLettersNotFoundException("the first " + limit + " records of " + spec.topic(), missing);
			}
		}
		Set<String> wanted = ids == null ? null : new LinkedHashSet<>(ids);
		List<String> redriven = new ArrayList<>();
		read(spec, limit, (record) -> {
			BrokerDeadLetter message = view(record);
			if (wanted != null && !wanted.contains(message.id())) {
				return false;
			}
			try {
				this.records.send(republished(record, spec, message.id()), this.timeout);
			}
			catch (UnconfirmedException ex) {
				throw new RedriveFailedException("the redrive of " + spec.topic() + " stopped after " + redriven.size()
						+ " records (" + ex.getMessage() + "); the others are still to be redriven, run it again", ex);
			}
			redriven.add(message.id());
			return true;
		});
		return new RedriveReport(spec.topic(), redriven.size(), redriven, Map.of());
	}

	/** What to do with one record; true when it was redriven (and may be committed past). */
	@FunctionalInterface
	private interface RecordAction {

		boolean apply(ConsumerRecord<byte[], byte[]> record);

	}

	/**
	 * Reads the topic from the group's committed offsets to the end offsets of when it started, at most
	 * {@code limit} records, partition by partition in offset order; commits past each record the
	 * action redrove while every record before it in its partition was redriven as well.
	 */
	private void read(TopicSpec spec, int limit, RecordAction action) {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			Map<TopicPartition, Long> start = start(consumer, spec.topic());
			Map<TopicPartition, Long> end = consumer.endOffsets(start.keySet(), this.timeout);
			int count = 0;
			for (TopicPartition partition : start.keySet()) {
				long stop = end.getOrDefault(partition, start.get(partition));
				boolean contiguous = true;
				consumer.assign(List.of(partition));
				consumer.seek(partition, start.get(partition));
				long deadline = System.nanoTime() + this.timeout.toNanos();
				// the consumer's position, not the last record's offset: offsets can have gaps (transaction markers)
				while (count < limit && consumer.position(partition, this.timeout) < stop) {
					List<ConsumerRecord<byte[], byte[]>> polled = consumer.poll(POLL).records(partition);
					if (polled.isEmpty() && System.nanoTime() > deadline) {
						throw new RedriveFailedException("Kafka did not deliver " + partition + " up to offset " + stop
								+ " within " + this.timeout, new org.apache.kafka.common.errors.TimeoutException());
					}
					for (ConsumerRecord<byte[], byte[]> record : polled) {
						if (record.offset() >= stop || count >= limit) {
							break;
						}
						count++;
						boolean done = action.apply(record);
						contiguous = contiguous && done;
						if (contiguous) {
							consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)), this.timeout);
						}
						deadline = System.nanoTime() + this.timeout.toNanos();
					}
				}
			}
		}
		catch (KafkaException ex) {
			throw unavailable(ex);
		}
	}

	/** Where each partition of the topic starts for the group: its committed offset, else the beginning. */
	private Map<TopicPartition, Long> start(KafkaConsumer<byte[], byte[]> consumer, String topic) {
		List<PartitionInfo> infos = consumer.partitionsFor(topic, this.timeout);
		Map<TopicPartition, Long> start = new LinkedHashMap<>();
		if (infos == null || infos.isEmpty()) {
			return start;
		}
		Set<TopicPartition> partitions = new LinkedHashSet<>();
		infos.forEach((p) -> partitions.add(new TopicPartition(topic, p.partition())));
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, this.timeout);
		Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, this.timeout);
		for (TopicPartition p : partitions) {
			OffsetAndMetadata c = committed.get(p);
			start.put(p, Math.max(beginning.getOrDefault(p, 0L), c != null ? c.offset() : 0L));
		}
		return start;
	}

	private static BrokerDeadLetter view(ConsumerRecord<byte[], byte[]> record) {
		String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
		String messageId = header(record, MESSAGE_ID);
		if (messageId == null && header(record, Headers.ORIGINAL_TOPIC) != null) {
			// as KafkaIngestSource derives a record's ids when it has no message_id
			messageId = "kafka:" + header(record, Headers.ORIGINAL_TOPIC) + "/" + header(record, Headers.ORIGINAL_PARTITION)
					+ "/" + header(record, Headers.ORIGINAL_OFFSET);
		}
		if (messageId == null) {
			messageId = "kafka:" + record.topic() + "/" + record.partition() + "/" + record.offset();
		}
		String contentType = header(record, "contentType");
		return BrokerDeadLetter.of(messageId, header(record, Headers.REJECT_REASON),
				header(record, Headers.ORIGINAL_TOPIC), key, contentType, record.value() == null ? new byte[0] : record.value(),
				false);
	}

	private static ProducerRecord<byte[], byte[]> republished(ConsumerRecord<byte[], byte[]> record, TopicSpec spec,
			String messageId) {
		List<Header> headers = new ArrayList<>();
		for (Header h : record.headers()) {
			String name = h.key();
			if (!name.equals(Headers.REJECT_REASON) && !name.equals(Headers.ORIGINAL_TOPIC)
					&& !name.equals(Headers.ORIGINAL_PARTITION) && !name.equals(Headers.ORIGINAL_OFFSET)
					&& !name.equals(MESSAGE_ID)) {
				headers.add(h);
			}
		}
		headers.add(new RecordHeader(MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8)));
		String target = header(record, Headers.ORIGINAL_TOPIC) != null ? header(record, Headers.ORIGINAL_TOPIC)
				: spec.target();
		return new ProducerRecord<>(target, null, record.key(), record.value(), headers);
	}

	private static @Nullable String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header h = record.headers().lastHeader(name);
		return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
	}

	private KafkaConsumer<byte[], byte[]> consumer() {
		return new KafkaConsumer<>(this.consumerConfig);
	}

	private TopicSpec spec(String name) {
		TopicSpec spec = this.topics.get(name);
		if (spec == null) {
			throw new UnknownDeadLetterQueueException(name, this.topics.keySet());
		}
		return spec;
	}

	private static RedriveFailedException unavailable(KafkaException ex) {
		return new RedriveFailedException("Kafka is unavailable: " + ex.getMessage(), ex);
	}

}
