package io.tributary.storage.consume;

import java.util.List;

/** Where messages that can never be stored go, so they neither loop forever nor vanish. */
@FunctionalInterface
interface DeadLetterQueue {

	/** Returns only when the broker holds every message; throws otherwise. */
	void send(List<RejectedMessage> messages);

}
