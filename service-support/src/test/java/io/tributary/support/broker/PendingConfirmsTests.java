package io.tributary.support.broker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.tributary.support.time.PauseTolerantTimeout;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** What the broker's answers through each message's correlation mean for the sender. */
class PendingConfirmsTests {

	private final PendingConfirms confirms = new PendingConfirms(2);

	@Test
	void everyMessageAckedAndRoutedIsSafe() {
		this.confirms.next().getFuture().complete(new CorrelationData.Confirm(true, null));
		this.confirms.next().getFuture().complete(new CorrelationData.Confirm(true, null));

		assertThatNoException().isThrownBy(() -> this.confirms.await(Duration.ofSeconds(1)));
	}

	@Test
	void aNackFailsWithTheBrokersReason() {
		this.confirms.next().getFuture().complete(new CorrelationData.Confirm(true, null));
		this.confirms.next().getFuture().complete(new CorrelationData.Confirm(false, "queue full"));

		assertThatExceptionOfType(UnconfirmedException.class).isThrownBy(() -> this.confirms.await(Duration.ofSeconds(1)))
			.withMessage("the broker refused the message: queue full");
	}

	@Test
	void afterAFailureTellsWhichMessagesAreSafeOnTheBroker() {
		PendingConfirms four = new PendingConfirms(4);
		four.next().getFuture().complete(new CorrelationData.Confirm(true, null));
		four.next().getFuture().complete(new CorrelationData.Confirm(false, "queue full"));
		CorrelationData returned = four.next();
		returned.setReturned(new ReturnedMessage(new Message(new byte[0], new MessageProperties()), 312, "NO_ROUTE",
				"ns.events", "clicks"));
		returned.getFuture().complete(new CorrelationData.Confirm(true, null));
		four.next();

		assertThatExceptionOfType(UnconfirmedException.class).isThrownBy(() -> four.await(Duration.ofMillis(50)));
		assertThat(four.isSafe(0)).as("acked").isTrue();
		assertThat(four.isSafe(1)).as("nacked").isFalse();
		assertThat(four.isSafe(2)).as("returned").isFalse();
		assertThat(four.isSafe(3)).as("not confirmed yet").isFalse();
	}

	@Test
	void aReturnedMessageFailsEvenThoughItWasAcked() {
		CorrelationData correlation = this.confirms.next();
		correlation.setReturned(new ReturnedMessage(new Message(new byte[0], new MessageProperties()), 312, "NO_ROUTE",
				"ns.events", "clicks"));
		correlation.getFuture().complete(new CorrelationData.Confirm(true, null));

		assertThatExceptionOfType(UnconfirmedException.class).isThrownBy(() -> this.confirms.await(Duration.ofSeconds(1)))
			.withMessage("the broker could not route the message (NO_ROUTE): no queue is bound to ns.events for 'clicks'");
	}

	@Test
	void allConfirmsShareOneDeadline() {
		this.confirms.next();
		this.confirms.next();

		long start = System.nanoTime();
		assertThatExceptionOfType(UnconfirmedException.class)
			.isThrownBy(() -> this.confirms.await(Duration.ofMillis(300)))
			.withMessage("the broker did not confirm within PT0.3S");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofMillis(550));
	}

	@Test
	void aConfirmReadAfterTheProcessWasFrozenWhileWaitingIsNoTimeout() {
		this.confirms.next().getFuture().complete(new CorrelationData.Confirm(true, null));
		// the second confirm sits in the socket buffer during a 60 s freeze (the clock jumps while its
		// first slice waits: readings 2 and 3); it is read a moment after the thaw
		this.confirms.next().getFuture()
			.completeOnTimeout(new CorrelationData.Confirm(true, null), 300, TimeUnit.MILLISECONDS);

		assertThatNoException().isThrownBy(() -> this.confirms.await(new PauseTolerantTimeout(Duration.ofSeconds(10),
				Duration.ofMillis(100), clockJumpingFromThirdReading(Duration.ofSeconds(60)))));
	}

	@Test
	void eachMessageHasACorrelationOfItsOwn() {
		assertThat(this.confirms.next().getId()).isNotEqualTo(this.confirms.next().getId());
	}

	/** {@link System#nanoTime()}, and {@code jump} later from the third reading on. */
	private static LongSupplier clockJumpingFromThirdReading(Duration jump) {
		AtomicInteger readings = new AtomicInteger();
		return () -> System.nanoTime() + ((readings.incrementAndGet() >= 3) ? jump.toNanos() : 0);
	}

}
