package io.tributary.support.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.tributary.support.broker.UnconfirmedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Kafka's acknowledgement of the records a service writes itself, for each way it can go. */
class AcknowledgedRecordsTests {

	@SuppressWarnings("unchecked")
	private final KafkaTemplate<byte[], byte[]> template = mock(KafkaTemplate.class);

	private final AcknowledgedRecords records = new AcknowledgedRecords(this.template);

	private static final ProducerRecord<byte[], byte[]> RECORD = new ProducerRecord<>("t", new byte[] { 1 });

	private void kafkaAnswers(CompletableFuture<SendResult<byte[], byte[]>> future) {
		given(this.template.send(any(ProducerRecord.class))).willReturn(future);
	}

	@Test
	void returnsOnceKafkaAcknowledgedEveryRecord() {
		kafkaAnswers(CompletableFuture.completedFuture(null));

		assertThatNoException().isThrownBy(() -> this.records.sendAll(List.of(RECORD, RECORD), Duration.ofSeconds(1)));
	}

	@Test
	void aRefusedRecordFailsWithKafkasReason() {
		kafkaAnswers(CompletableFuture.failedFuture(new NotEnoughReplicasException("too few in-sync replicas")));

		assertThatExceptionOfType(UnconfirmedException.class)
			.isThrownBy(() -> this.records.send(RECORD, Duration.ofSeconds(1)))
			.withMessage("Kafka refused the record: too few in-sync replicas");
	}

	@Test
	void anAcknowledgementThatDoesNotComeInTimeFails() {
		kafkaAnswers(new CompletableFuture<>());

		long start = System.nanoTime();
		assertThatExceptionOfType(UnconfirmedException.class)
			.isThrownBy(() -> this.records.sendAll(List.of(RECORD, RECORD), Duration.ofMillis(300)))
			.withMessage("Kafka did not acknowledge the record within PT0.3S");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofMillis(550));
	}

	@Test
	void aSendThatThrowsFails() {
		given(this.template.send(any(ProducerRecord.class)))
			.willThrow(new org.springframework.kafka.KafkaException("producer closed"));

		assertThatExceptionOfType(UnconfirmedException.class)
			.isThrownBy(() -> this.records.send(RECORD, Duration.ofSeconds(1)))
			.withMessageStartingWith("cannot publish to Kafka: producer closed");
	}

}
