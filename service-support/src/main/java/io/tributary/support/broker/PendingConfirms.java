package io.tributary.support.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.tributary.support.diagnostics.Causes;
import io.tributary.support.time.PauseTolerantTimeout;

import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;

/**
 * RabbitMQ publisher confirms of messages sent with one correlation each, awaited together under one
 * timeout that a pause of the whole process does not use up ({@link PauseTolerantTimeout}): a
 * service frozen while it waited finds the confirms that arrived meanwhile instead of failing the
 * publish, which would send its input back to the broker behind the input prefetched after it. A message is safe only when the broker acked it and did not return it: with
 * {@code publisher-returns} and a mandatory publish, a return is recorded on the correlation before
 * its future completes, so an ack alone does not mean the message is queued.
 */
public final class PendingConfirms {

	private final List<CorrelationData> correlations;

	public PendingConfirms(int expected) {
		this.correlations = new ArrayList<>(expected);
	}

	/**
	 * The correlation of the next message: pass it to {@code RabbitTemplate.send}, or in the
	 * {@code AmqpHeaders.PUBLISH_CONFIRM_CORRELATION} header to a binding with {@code use-confirm-header}.
	 */
	public CorrelationData next() {
		CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
		this.correlations.add(correlation);
		return correlation;
	}

	/**
	 * Whether the broker has, by now, confirmed and routed the message of the {@code index}-th
	 * correlation ({@link #next()} order): after a failed {@link #await}, what need not be sent again.
	 */
	public boolean isSafe(int index) {
		CorrelationData correlation = this.correlations.get(index);
		CompletableFuture<CorrelationData.Confirm> future = correlation.getFuture();
		if (!future.isDone() || future.isCompletedExceptionally()) {
			return false;
		}
		CorrelationData.Confirm confirm = future.getNow(null);
		return confirm != null && confirm.ack() && correlation.getReturned() == null;
	}

	/**
	 * Returns once the broker confirmed and routed every message.
	 * @throws UnconfirmedException for the first message that was refused, returned or not confirmed in time
	 */
	public void await(Duration timeout) {
		await(new PauseTolerantTimeout(timeout));
	}

	/** As {@link #await(Duration)}, spending {@code timeout}. */
	void await(PauseTolerantTimeout timeout) {
		for (CorrelationData correlation : this.correlations) {
			CorrelationData.Confirm confirm;
			try {
				confirm = timeout.await(correlation.getFuture());
			}
			catch (TimeoutException ex) {
				throw new UnconfirmedException("the broker did not confirm within " + timeout.timeout(), ex);
			}
			catch (ExecutionException ex) {
				throw new UnconfirmedException(
						"waiting for the broker's confirm failed: " + Causes.rootMessage(ex), ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new UnconfirmedException("interrupted while waiting for the broker's confirm", ex);
			}
			if (!confirm.ack()) {
				throw new UnconfirmedException("the broker refused the message: " + confirm.reason());
			}
			ReturnedMessage returned = correlation.getReturned();
			if (returned != null) {
				throw new UnconfirmedException("the broker could not route the message (" + returned.getReplyText()
						+ "): no queue is bound to " + returned.getExchange() + " for '" + returned.getRoutingKey() + "'");
			}
		}
	}

}
