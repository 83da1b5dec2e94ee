package io.tributary.systemtests.ysb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts events (in send order) into requests: which go over HTTP as a JSON array or as NDJSON, which
 * are published to the broker's ingest exchange, and which are sent twice as a client retry would.
 */
public final class YsbFeed {

	private YsbFeed() {
	}

	/** How one chunk travels. */
	public enum Channel {

		HTTP_JSON, HTTP_NDJSON, AMQP

	}

	/**
	 * One request (or broker message).
	 *
	 * @param index the chunk's position in the plan; a retry has the index of the chunk it repeats
	 * @param retry true for the second sending of the same events, as a client that timed out resends
	 */
	public record Chunk(int index, List<AdEvent> events, Channel channel, boolean retry) {

		public Chunk {
			events = List.copyOf(events);
		}

	}

	/**
	 * @param chunkSize   events per request
	 * @param amqpEvery   every n-th chunk goes to the broker (0: none)
	 * @param ndjsonEvery every n-th HTTP chunk is sent as NDJSON (0: none)
	 * @param retried     indexes of HTTP chunks that are sent a second time right after the first
	 */
	public static List<Chunk> plan(List<AdEvent> events, int chunkSize, int amqpEvery, int ndjsonEvery,
			Set<Integer> retried) {
		if (chunkSize <= 0) {
			throw new IllegalArgumentException("chunkSize must be > 0");
		}
		List<Chunk> chunks = new ArrayList<>();
		int index = 0;
		for (int from = 0; from < events.size(); from += chunkSize, index++) {
			List<AdEvent> part = events.subList(from, Math.min(events.size(), from + chunkSize));
			Channel channel;
			if (amqpEvery > 0 && index % amqpEvery == amqpEvery - 1 && !retried.contains(index)) {
				channel = Channel.AMQP;
			}
			else if (ndjsonEvery > 0 && index % ndjsonEvery == ndjsonEvery - 1) {
				channel = Channel.HTTP_NDJSON;
			}
			else {
				channel = Channel.HTTP_JSON;
			}
			chunks.add(new Chunk(index, part, channel, false));
			if (retried.contains(index)) {
				chunks.add(new Chunk(index, part, Channel.HTTP_JSON, true));
			}
		}
		return chunks;
	}

}
