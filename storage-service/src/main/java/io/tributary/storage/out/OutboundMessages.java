package io.tributary.storage.out;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tributary.contract.Alert;
import io.tributary.contract.FeedEntryType;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.ResultsOut;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;

/**
 * Chooses what of a list of result batches goes out, in order: batch by batch, its results (final
 * ones only unless {@code nonFinal}), then its retractions (after the merged result that replaces
 * them), then its alert revisions, as processing emitted them. Everything of the chosen types is
 * chosen, whether storage applied it or found it stored already: a batch redelivered after a crash
 * between the store and the publish must publish again.
 */
final class OutboundMessages {

	private final Set<FeedEntryType> types;

	private final boolean nonFinal;

	OutboundMessages(Set<FeedEntryType> types, boolean nonFinal) {
		this.types = Set.copyOf(types);
		this.nonFinal = nonFinal;
	}

	List<OutboundMessage> of(List<ResultBatch> batches) {
		List<OutboundMessage> out = new ArrayList<>();
		for (ResultBatch batch : batches) {
			if (this.types.contains(FeedEntryType.RESULT)) {
				for (WindowResult r : batch.results()) {
					if (r.isFinal() || this.nonFinal) {
						out.add(new OutboundMessage(FeedEntryType.RESULT, r.pipeline(), r.key(), r.revision(),
								ResultsOut.messageId(r), WireFormat.write(r.withoutState())));
					}
				}
			}
			if (this.types.contains(FeedEntryType.RETRACTION)) {
				for (WindowRetraction r : batch.retractions()) {
					out.add(new OutboundMessage(FeedEntryType.RETRACTION, r.pipeline(), r.key(), r.revision(),
							ResultsOut.messageId(r), WireFormat.write(r)));
				}
			}
			if (this.types.contains(FeedEntryType.ALERT)) {
				for (Alert a : batch.alerts()) {
					out.add(new OutboundMessage(FeedEntryType.ALERT, a.pipeline(), a.key(), a.revision(),
							ResultsOut.messageId(a), WireFormat.write(a)));
				}
			}
		}
		return out;
	}

}
