package io.tributary.ingestion.intake;

import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Where the identities of an acceptance come from: the {@code ingestId} of each event, and the id of
 * an event whose stream declares no id field.
 * <p>
 * An HTTP acceptance takes {@link #fresh()} ids, so a client retry is a new acceptance. A broker
 * message is redelivered after a crash, and a redelivery must carry the same identities as the first
 * delivery for processing to recognise it: {@link #derived} computes them from the message id.
 */
public interface IdSource {

	/** The ingestId of the event at {@code index}. */
	String ingestId(int index);

	/** The id of the event at {@code index} when its stream has no id field. */
	String generatedEventId(int index);

	/**
	 * Random ingestIds and time-ordered (UUIDv7) event ids, new on every call: for one acceptance (its
	 * ingestIds share one random draw).
	 */
	static IdSource fresh() {
		return new Fresh(UUID.randomUUID());
	}

	/**
	 * Name-based (UUIDv5) ids computed from the stream, the message id and the event's index, equal
	 * for every delivery of the same message.
	 */
	static IdSource derived(String stream, String messageId) {
		return new Derived(stream, messageId);
	}

	/**
	 * Fresh ids for one HTTP acceptance. Its ingestIds are a random (version 4) UUID with the event's
	 * index in its lowest bits: one secure random draw per request instead of one per event, and two
	 * acceptances' ids meet only if their draws differ in no more than those bits (about 2^-100).
	 */
	record Fresh(UUID base) implements IdSource {

		private static final TimeBasedEpochGenerator TIME_ORDERED = Generators.timeBasedEpochGenerator();

		@Override
		public String ingestId(int index) {
			long low = this.base.getLeastSignificantBits() ^ (index & 0xFFFFFFFFL);
			return new UUID(this.base.getMostSignificantBits(), low).toString();
		}

		@Override
		public String generatedEventId(int index) {
			return TIME_ORDERED.generate().toString();
		}

	}

	/** Ids derived from a broker message id. */
	record Derived(String stream, String messageId) implements IdSource {

		/** The UUIDv5 namespace of Tributary's derived ids (a fixed, random UUID). */
		private static final UUID NAMESPACE = UUID.fromString("8f4b2c1e-6a3d-4e59-9b7a-2d1c0e5f7a93");

		private static final NameBasedGenerator GENERATOR = Generators.nameBasedGenerator(NAMESPACE);

		@Override
		public String ingestId(int index) {
			return GENERATOR.generate("ingest\n" + this.stream + "\n" + this.messageId + "\n" + index).toString();
		}

		@Override
		public String generatedEventId(int index) {
			return GENERATOR.generate("event\n" + this.stream + "\n" + this.messageId + "\n" + index).toString();
		}

	}

}
