package io.tributary.support.broker;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class InOrderAcknowledgementsTests {

	private final Channel channel = mock(Channel.class);

	private final InOrderAcknowledgements acknowledgements = new InOrderAcknowledgements();

	@Test
	void aBatchIsSettledOnlyAfterEveryBatchDeliveredBeforeIt() throws IOException {
		CompletableFuture<String> first = new CompletableFuture<>();
		CompletableFuture<String> second = new CompletableFuture<>();
		CompletableFuture<String> third = new CompletableFuture<>();
		this.acknowledgements.settle(this.channel, 100, first);
		this.acknowledgements.settle(this.channel, 180, second);
		this.acknowledgements.settle(this.channel, 250, third);

		// the second and third are safe first: nothing is acked, or the multiple ack would cover the first
		second.complete("stored");
		third.completeExceptionally(new IllegalStateException("not confirmed"));
		verifyNoInteractions(this.channel);
		assertThat(this.acknowledgements.unsettled()).isEqualTo(3);

		first.complete("stored");

		InOrder inOrder = inOrder(this.channel);
		inOrder.verify(this.channel).basicAck(100, true);
		inOrder.verify(this.channel).basicAck(180, true);
		inOrder.verify(this.channel).basicNack(250, true, true);
		inOrder.verifyNoMoreInteractions();
		assertThat(this.acknowledgements.unsettled()).isZero();
	}

	@Test
	void aBatchAlreadySafeWhenDeliveredIsSettledAtOnce() throws IOException {
		this.acknowledgements.settle(this.channel, 7, CompletableFuture.completedFuture("stored"));
		this.acknowledgements.settle(this.channel, 9, CompletableFuture.failedFuture(new IllegalStateException()));

		InOrder inOrder = inOrder(this.channel);
		inOrder.verify(this.channel).basicAck(7, true);
		inOrder.verify(this.channel).basicNack(9, true, true);
	}

	@Test
	void aClosedChannelIsSkippedAndTheBatchesBehindItAreStillSettled() throws IOException {
		Channel closed = mock(Channel.class);
		willThrow(new AlreadyClosedException(new ShutdownSignalException(false, false, null, null))).given(closed)
			.basicAck(anyLong(), anyBoolean());
		CompletableFuture<String> first = new CompletableFuture<>();
		CompletableFuture<String> second = new CompletableFuture<>();
		this.acknowledgements.settle(closed, 40, first);
		this.acknowledgements.settle(closed, 41, second);

		first.complete("stored");
		second.complete("stored");

		verify(closed).basicAck(40, true);
		verify(closed).basicAck(41, true);
		assertThat(this.acknowledgements.unsettled()).isZero();
	}

	@Test
	void eachChannelSettlesOnItsOwn() throws IOException {
		Channel other = mock(Channel.class);
		CompletableFuture<String> slow = new CompletableFuture<>();
		this.acknowledgements.settle(other, 40, slow);
		this.acknowledgements.settle(this.channel, 3, CompletableFuture.completedFuture("stored"));

		// a batch delivered later on another channel does not wait for the slow one
		verify(this.channel).basicAck(3, true);
		verifyNoInteractions(other);
		assertThat(this.acknowledgements.unsettled()).isOne();

		slow.complete("stored");

		verify(other).basicAck(40, true);
		assertThat(this.acknowledgements.unsettled()).isZero();
	}

	@Test
	void aBatchMessageCarryingItsChannelAndTagIsSettledOnThemAndWorkThatThrowsHandsItBack() throws IOException {
		Message<byte[]> first = MessageBuilder.withPayload(new byte[0])
			.setHeader(AmqpHeaders.CHANNEL, this.channel)
			.setHeader(AmqpHeaders.DELIVERY_TAG, 5L)
			.build();
		Message<byte[]> second = MessageBuilder.fromMessage(first).setHeader(AmqpHeaders.DELIVERY_TAG, 6L).build();
		Message<byte[]> kafka = MessageBuilder.withPayload(new byte[0]).build();

		assertThat(InOrderAcknowledgements.isManual(first)).isTrue();
		assertThat(InOrderAcknowledgements.isManual(kafka)).isFalse();
		this.acknowledgements.settle(first, () -> CompletableFuture.completedFuture("stored"));
		this.acknowledgements.settle(second, () -> {
			throw new IllegalStateException("Redis unavailable");
		});

		InOrder inOrder = inOrder(this.channel);
		inOrder.verify(this.channel).basicAck(5, true);
		inOrder.verify(this.channel).basicNack(6, true, true);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.acknowledgements.settle(kafka, () -> CompletableFuture.completedFuture("x")));
	}

	@Test
	void settlesOnTheChannelItselfNotOnSpringsProxyOfIt() throws IOException {
		// a cached proxy whose channel closed opens another on its next use, where the tag would be unknown
		ChannelProxy proxy = mock(ChannelProxy.class);
		given(proxy.getTargetChannel()).willReturn(this.channel);

		this.acknowledgements.settle(proxy, 12, CompletableFuture.completedFuture("stored"));

		verify(this.channel).basicAck(12, true);
		verify(proxy, never()).basicAck(anyLong(), anyBoolean());
	}

}
