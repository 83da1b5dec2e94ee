package io.tributary.storage.consume;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.Alert;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;

import org.jspecify.annotations.Nullable;

/**
 * Reads broker payloads as result batches and checks that every record has what storing it
 * needs. A message that fails either is rejected whole, with the reason, so one bad message
 * neither blocks its batch nor is half-applied.
 */
final class PayloadReader {

	/** The readable batches and the rejected messages (by index in the input). */
	record Read(List<ResultBatch> batches, List<Rejected> rejected) {
	}

	/** A message that cannot be stored, and why. */
	record Rejected(int index, String reason) {
	}

	Read read(List<byte[]> payloads) {
		List<ResultBatch> batches = new ArrayList<>(payloads.size());
		List<Rejected> rejected = new ArrayList<>();
		for (int i = 0; i < payloads.size(); i++) {
			ResultBatch batch;
			try {
				batch = WireFormat.read(payloads.get(i), ResultBatch.class);
			}
			catch (RuntimeException ex) {
				rejected.add(new Rejected(i, ex.getMessage() != null ? ex.getMessage() : ex.toString()));
				continue;
			}
			String problem = problem(batch);
			if (problem != null) {
				rejected.add(new Rejected(i, "Invalid ResultBatch: " + problem));
			}
			else {
				batches.add(batch);
			}
		}
		return new Read(batches, rejected);
	}

	/** The first thing that makes the batch unstorable, or null. */
	static @Nullable String problem(ResultBatch batch) {
		for (int i = 0; i < batch.results().size(); i++) {
			WindowResult r = batch.results().get(i);
			String where = "results[" + i + "]";
			String problem = firstOf(name(r.pipeline(), where + ".pipeline"),
					window(r.windowStart(), r.windowEnd(), where));
			if (problem != null) {
				return problem;
			}
		}
		for (int i = 0; i < batch.late().size(); i++) {
			LateEventRecord late = batch.late().get(i);
			String where = "late[" + i + "]";
			String problem = firstOf(name(late.pipeline(), where + ".pipeline"),
					late.key() == null ? where + ".key is missing" : null, name(late.eventId(), where + ".eventId"),
					window(late.windowStart(), late.windowEnd(), where));
			if (problem != null) {
				return problem;
			}
		}
		for (int i = 0; i < batch.retractions().size(); i++) {
			WindowRetraction retraction = batch.retractions().get(i);
			String where = "retractions[" + i + "]";
			String problem = firstOf(name(retraction.pipeline(), where + ".pipeline"),
					window(retraction.windowStart(), retraction.windowEnd(), where),
					retraction.revision() < 1 ? where + ".revision must be at least 1" : null);
			if (problem != null) {
				return problem;
			}
		}
		for (int i = 0; i < batch.alerts().size(); i++) {
			Alert alert = batch.alerts().get(i);
			String where = "alerts[" + i + "]";
			String problem = firstOf(name(alert.pipeline(), where + ".pipeline"),
					window(alert.windowStart(), alert.windowEnd(), where),
					alert.revision() < 1 ? where + ".revision must be at least 1" : null);
			if (problem != null) {
				return problem;
			}
		}
		for (int i = 0; i < batch.deadLetters().size(); i++) {
			DeadLetterRecord dead = batch.deadLetters().get(i);
			String where = "deadLetters[" + i + "]";
			String problem = firstOf(name(dead.stream(), where + ".stream"), name(dead.eventId(), where + ".eventId"),
					dead.pipeline() != null ? name(dead.pipeline(), where + ".pipeline") : null,
					instant(dead.recordedAt(), where + ".recordedAt"));
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static @Nullable String firstOf(@Nullable String... problems) {
		for (String p : problems) {
			if (p != null) {
				return p;
			}
		}
		return null;
	}

	// the records are deserialised from untrusted JSON, so "non-null" components can be null here
	@SuppressWarnings("ConstantValue")
	private static @Nullable String name(@Nullable String value, String what) {
		if (value == null) {
			return what + " is missing";
		}
		return value.isBlank() ? what + " is blank" : null;
	}

	@SuppressWarnings("ConstantValue")
	private static @Nullable String instant(@Nullable Instant value, String what) {
		if (value == null) {
			return what + " is missing";
		}
		try {
			value.toEpochMilli();
			return null;
		}
		catch (ArithmeticException ex) {
			return what + " is out of range";
		}
	}

	private static @Nullable String window(@Nullable Instant start, @Nullable Instant end, String where) {
		String problem = firstOf(instant(start, where + ".windowStart"), instant(end, where + ".windowEnd"));
		if (problem != null) {
			return problem;
		}
		return end.isAfter(start) ? null : where + ": windowEnd must be after windowStart";
	}

}
