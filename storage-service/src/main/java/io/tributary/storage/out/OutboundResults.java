package io.tributary.storage.out;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.FeedEntryType;
import io.tributary.contract.ResultBatch;

/** Publishes the chosen messages of stored batches to the destination and counts them by type. */
final class OutboundResults implements ResultsPublisher {

	private final OutboundMessages messages;

	private final OutboundDestination destination;

	private final Counter[] published;

	OutboundResults(OutboundMessages messages, OutboundDestination destination, MeterRegistry registry) {
		this.messages = messages;
		this.destination = destination;
		FeedEntryType[] types = FeedEntryType.values();
		this.published = new Counter[types.length];
		for (FeedEntryType type : types) {
			if (type == FeedEntryType.LATE) {
				// never published
				continue;
			}
			this.published[type.ordinal()] = Counter.builder("tributary.storage.results.out")
				.description("Messages published to the outbound results destination (duplicates included)")
				.tag("type", type.wireName())
				.register(registry);
		}
	}

	@Override
	public int publish(List<ResultBatch> batches) {
		List<OutboundMessage> out = this.messages.of(batches);
		if (out.isEmpty()) {
			return 0;
		}
		this.destination.send(out);
		for (OutboundMessage m : out) {
			this.published[m.type().ordinal()].increment();
		}
		return out.size();
	}

}
