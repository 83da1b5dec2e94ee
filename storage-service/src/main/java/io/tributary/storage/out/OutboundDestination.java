package io.tributary.storage.out;

import java.util.List;

/** The broker's side of the outbound results destination. */
@FunctionalInterface
interface OutboundDestination {

	/**
	 * Sends the messages in order and returns only when the broker holds every one.
	 * @throws io.tributary.support.broker.UnconfirmedException otherwise
	 */
	void send(List<OutboundMessage> messages);

}
