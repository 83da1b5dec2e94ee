package io.tributary.support.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Headers;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Sending to bound outputs until the broker has the messages, on each binder, against a recording channel. */
class ConfirmedOutputsTests {

	private final List<Message<?>> sent = new ArrayList<>();

	private final StaticListableBeanFactory beans = new StaticListableBeanFactory();

	private final BoundOutputs outputs = new BoundOutputs(this.beans);

	private boolean acceptsMessages = true;

	ConfirmedOutputsTests() {
		MessageChannel channel = (message, timeout) -> this.sent.add(message) && this.acceptsMessages;
		this.beans.addBean("out-0", channel);
		this.beans.addBean("failing-out-0", (MessageChannel) (message, timeout) -> {
			throw new MessageDeliveryException(message, "Connection refused");
		});
	}

	private static MessageBuilder<byte[]> message() {
		return MessageBuilder.withPayload("{}".getBytes()).setHeader("a", 1);
	}

	private CorrelationData correlationOf(int index) {
		return (CorrelationData) this.sent.get(index).getHeaders().get(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION);
	}

	@Test
	void onRabbitEachMessageCarriesACorrelationAndAllAreAwaited() {
		ConfirmedOutputs.Sends sends = new ConfirmedOutputs(this.outputs, BinderChoice.RABBIT, Duration.ofMillis(200))
			.start(2);
		sends.send("out-0", message());
		sends.send("out-0", message(), 3);

		assertThat(this.sent).hasSize(2);
		assertThat(this.sent.get(0).getHeaders()).containsEntry("a", 1).doesNotContainKey(BinderHeaders.PARTITION_HEADER);
		assertThat(this.sent.get(1).getHeaders()).containsEntry("a", 1).containsEntry(BinderHeaders.PARTITION_HEADER, 3);
		correlationOf(0).getFuture().complete(new CorrelationData.Confirm(true, null));
		assertThatExceptionOfType(UnconfirmedException.class).isThrownBy(sends::awaitConfirms)
			.withMessage("the broker did not confirm within PT0.2S");
		correlationOf(1).getFuture().complete(new CorrelationData.Confirm(true, null));
		assertThatNoException().isThrownBy(sends::awaitConfirms);
	}

	@Test
	void eachMessageSaysWhenItWasSentUnlessItAlreadyDoes() {
		ConfirmedOutputs.Sends sends = new ConfirmedOutputs(this.outputs, BinderChoice.KAFKA, Duration.ofMillis(200))
			.start(2);
		long before = System.currentTimeMillis();
		sends.send("out-0", message());
		sends.send("out-0", message().setHeader(Headers.SENT_AT, 42L));

		assertThat(this.sent.get(0).getHeaders().get(Headers.SENT_AT)).isInstanceOf(Long.class)
			.satisfies((at) -> assertThat((Long) at).isBetween(before, System.currentTimeMillis()));
		assertThat(this.sent.get(1).getHeaders()).containsEntry(Headers.SENT_AT, 42L);
	}

	@Test
	void onKafkaTheSendIsTheConfirmation() {
		ConfirmedOutputs.Sends sends = new ConfirmedOutputs(this.outputs, BinderChoice.KAFKA, Duration.ofMillis(200))
			.start(1);
		sends.send("out-0", message());

		assertThat(this.sent).singleElement()
			.satisfies((m) -> assertThat(m.getHeaders()).doesNotContainKey(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION));
		assertThatNoException().isThrownBy(sends::awaitConfirms);
	}

	@Test
	void aSendThatThrowsFailsWithTheRootCause() {
		for (BinderChoice binder : BinderChoice.values()) {
			ConfirmedOutputs.Sends sends = new ConfirmedOutputs(this.outputs, binder, Duration.ofMillis(200)).start(1);
			assertThatExceptionOfType(UnconfirmedException.class).isThrownBy(() -> sends.send("failing-out-0", message()))
				.withMessage("cannot publish to the broker: Connection refused");
		}
	}

	@Test
	void aChannelThatDoesNotTakeTheMessageFails() {
		this.acceptsMessages = false;
		ConfirmedOutputs.Sends sends = new ConfirmedOutputs(this.outputs, BinderChoice.KAFKA, Duration.ofMillis(200))
			.start(1);

		assertThatExceptionOfType(UnconfirmedException.class).isThrownBy(() -> sends.send("out-0", message()))
			.withMessage("the output binding out-0 did not take the message");
	}

}
