package io.tributary.processing.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.WireFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * The YSB event generator, shaped like the Flink peer's: 100 campaigns of 10 ads, JSON events of
 * about 260 bytes with 7 string fields (user, page, ad, ad type, event type, event time, IP), a
 * quarter of them views, event time increasing by 1 ms every 10 events. It writes what ingestion
 * publishes, an {@link EventBatch} message per request in the process's message encoding
 * ({@link WireFormat#messageEncoding()}), and counts the views it wrote, independently of anything
 * the core computes. JSON goes straight into bytes from templates made once with the wire format
 * itself (so generating costs little, as the peer's string templates do); the binary form's
 * envelopes field by field and its data from the same kind of templates; Smile, whose shared
 * names and values depend on what came before in the message, through the wire format's Smile
 * generator, field by field, without making records.
 */
final class YsbEvents {

	static final String STREAM = "ad-events";

	/** The first event time: a multiple of the window size, as the peer's. */
	static final long BASE_TIME = 1_700_000_000_000L;

	static final int EVENTS_PER_MS = 10;

	private static final String[] AD_TYPES = { "banner", "modal", "sponsored-search", "mail", "mobile" };

	private static final String[] EVENT_TYPES = { "view", "click", "purchase", "uniform" };

	private static final String ID = "@@ID@@";

	private static final String INGEST_ID = "@@INGEST@@";

	private static final String TIME_VALUE = "@@TIME@@";

	private static final byte[] QUOTED_TIME_VALUE = ('"' + TIME_VALUE + '"').getBytes(StandardCharsets.US_ASCII);

	// placeholders that no generated instant can equal
	private static final Instant EVENT_TIME = Instant.parse("1999-01-02T03:04:05.678Z");

	private static final Instant INGEST_TIME = Instant.parse("1998-01-02T03:04:05.678Z");

	/** An event's wire form around its variable parts, split at the placeholders, in that order. */
	private record Template(byte[] beforeId, byte[] beforeIngestId, byte[] beforeEventTime, byte[] beforeIngestTime,
			byte[] beforeTimeValue, byte[] end, Map<String, Object> data, String[] names, @Nullable String[] values) {
	}

	private final Template[] templates;

	/** How many views templates {@code [0, k)} hold. */
	private final long[] viewsBefore;

	private final Map<String, String> campaignOfAd = new LinkedHashMap<>();

	private final byte[] batchStart;

	private final byte[] batchEnd;

	private final double averageDataBytes;

	/** Distinguishes this generator's event ids from another run's. */
	private final long runId;

	private long next;

	private long lastMillis = Long.MIN_VALUE;

	private byte[] lastIso = new byte[0];

	private byte[] lastDecimal = new byte[0];

	private String lastDecimalString = "";

	private long lastSecond = Long.MIN_VALUE;

	/** The ISO form of {@link #lastSecond} without its closing {@code Z}. */
	private byte[] secondPrefix = new byte[0];

	private final Output out = new Output(1 << 20);

	private long decimalMillis = Long.MIN_VALUE;

	/** Per event of the binary batch being written: its template's number and its event time's digits. */
	private int[] batchTemplates = new int[0];

	private byte[][] batchDecimals = new byte[0][];

	/**
	 * Every template's data around the event time, before then after, one template after another in
	 * one array (read in order, as the templates are used, without a cache miss per template object).
	 */
	private final byte[] dataParts;

	/** Where template {@code k}'s data starts in {@link #dataParts}: before the time, then after it. */
	private final int[] dataAt;

	private final int[] dataBeforeLength;

	private final int[] dataAfterLength;

	private byte[] decimalBytes = new byte[0];

	/** The binary form's header of an event batch (checked against the wire format's in the tests). */
	private static final byte[] BINARY_HEADER = { 0, 'T', 'R', 'B', 1, 'E' };

	private static final byte[] STREAM_BYTES = STREAM.getBytes(StandardCharsets.UTF_8);

	private final WireFormat.Encoding encoding;

	/** An id's characters, for the Smile generator. */
	private final char[] idChars = new char[36];

	/** The ISO form of {@link #lastMillis} as a string, for the Smile generator. */
	private String lastIsoString = "";

	YsbEvents(int templateCount, long seed, long runId) {
		this(templateCount, seed, runId, WireFormat.messageEncoding());
	}

	YsbEvents(int templateCount, long seed, long runId, WireFormat.Encoding encoding) {
		this.runId = runId;
		this.encoding = encoding;
		Random random = new Random(seed);
		int campaigns = 100;
		int adsPerCampaign = 10;
		String[] ads = new String[campaigns * adsPerCampaign];
		for (int c = 0; c < campaigns; c++) {
			String campaign = uuid(random);
			for (int a = 0; a < adsPerCampaign; a++) {
				String ad = uuid(random);
				ads[c * adsPerCampaign + a] = ad;
				this.campaignOfAd.put(ad, campaign);
			}
		}
		String[] users = new String[100];
		String[] pages = new String[100];
		for (int i = 0; i < 100; i++) {
			users[i] = uuid(random);
			pages[i] = uuid(random);
		}
		this.templates = new Template[templateCount];
		this.viewsBefore = new long[templateCount + 1];
		long dataBytes = 0;
		String sampleTime = Long.toString(BASE_TIME);
		this.dataAt = new int[templateCount];
		this.dataBeforeLength = new int[templateCount];
		this.dataAfterLength = new int[templateCount];
		ByteArrayOutputStream parts = new ByteArrayOutputStream();
		for (int k = 0; k < templateCount; k++) {
			String eventType = EVENT_TYPES[random.nextInt(EVENT_TYPES.length)];
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("user_id", users[random.nextInt(users.length)]);
			data.put("page_id", pages[random.nextInt(pages.length)]);
			data.put("ad_id", ads[random.nextInt(ads.length)]);
			data.put("ad_type", AD_TYPES[random.nextInt(AD_TYPES.length)]);
			data.put("event_type", eventType);
			data.put("event_time", TIME_VALUE);
			data.put("ip_address", (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256)
					+ "." + (1 + random.nextInt(254)));
			this.templates[k] = template(data);
			this.viewsBefore[k + 1] = this.viewsBefore[k] + (eventType.equals("view") ? 1 : 0);
			// the data's JSON around the event time's value (a JSON string of the decimal milliseconds,
			// whose quotes stay), for the binary form
			byte[] dataJson = WireFormat.write(data);
			int time = indexOf(dataJson, QUOTED_TIME_VALUE);
			this.dataAt[k] = parts.size();
			this.dataBeforeLength[k] = time + 1;
			this.dataAfterLength[k] = dataJson.length - time - 1 - TIME_VALUE.length();
			parts.write(dataJson, 0, time + 1);
			parts.write(dataJson, time + 1 + TIME_VALUE.length(), this.dataAfterLength[k]);
			dataBytes += dataJson.length - TIME_VALUE.length() + sampleTime.length();
		}
		this.averageDataBytes = (double) dataBytes / templateCount;
		this.dataParts = parts.toByteArray();
		String one = WireFormat.writeString(placeholderEvent(Map.of()));
		String batch = WireFormat.writeString(new EventBatch(List.of(placeholderEvent(Map.of()))));
		int at = batch.indexOf(one);
		this.batchStart = ascii(batch.substring(0, at));
		this.batchEnd = ascii(batch.substring(at + one.length()));
	}

	/** The ad id to campaign id table that enrichment looks up. */
	Map<String, String> campaignOfAd() {
		return this.campaignOfAd;
	}

	/** The average size of an event's JSON body (the peer's "avg_json_bytes"). */
	double averageDataBytes() {
		return this.averageDataBytes;
	}

	/** How many events were generated so far. */
	long generated() {
		return this.next;
	}

	/** How many of the first {@code n} events are views. */
	long viewsAmongFirst(long n) {
		int t = this.templates.length;
		return (n / t) * this.viewsBefore[t] + this.viewsBefore[(int) (n % t)];
	}

	/** The event time of event number {@code n}. */
	static long eventTime(long n) {
		return BASE_TIME + n / EVENTS_PER_MS;
	}

	/**
	 * The next {@code size} events as one message's payload, accepted by ingestion at the event time
	 * of the last of them.
	 */
	byte[] nextBatch(int size) {
		return switch (this.encoding) {
			case SMILE -> nextSmileBatch(size);
			case BINARY -> nextBinaryBatch(size);
			case JSON -> nextJsonBatch(size);
		};
	}

	/** The wire format's encoding of the batches. */
	WireFormat.Encoding encoding() {
		return this.encoding;
	}

	private byte[] nextJsonBatch(int size) {
		long ingestMillis = eventTime(this.next + size - 1);
		byte[] ingestIso = ascii(Instant.ofEpochMilli(ingestMillis).toString());
		Output o = this.out;
		o.reset();
		o.put(this.batchStart);
		for (int i = 0; i < size; i++) {
			if (i > 0) {
				o.put((byte) ',');
			}
			long n = this.next++;
			Template t = this.templates[(int) (n % this.templates.length)];
			long millis = eventTime(n);
			o.put(t.beforeId);
			o.putId(this.runId, 0x7000, n);
			o.put(t.beforeIngestId);
			o.putId(this.runId, 0x4000, n);
			o.put(t.beforeEventTime);
			o.put(iso(millis));
			o.put(t.beforeIngestTime);
			o.put(ingestIso);
			o.put(t.beforeTimeValue);
			o.put(this.lastDecimal);
			o.put(t.end);
		}
		o.put(this.batchEnd);
		return o.toByteArray();
	}

	/**
	 * The batch as the wire format's binary writer writes an {@link EventBatch} (the stream in the
	 * string table, each event's envelope, then all the data objects), envelopes field by field and
	 * the data from the templates, as ingestion copies the objects publishers sent.
	 */
	private byte[] nextBinaryBatch(int size) {
		long first = this.next;
		long ingestMillis = eventTime(first + size - 1);
		long ingestSeconds = Math.floorDiv(ingestMillis, 1000);
		int ingestNanos = (int) Math.floorMod(ingestMillis, 1000) * 1_000_000;
		if (this.batchTemplates.length < size) {
			this.batchTemplates = new int[size];
			this.batchDecimals = new byte[size][];
		}
		Output o = this.out;
		o.reset();
		// an envelope takes at most 2 + 2 x 38 + 2 + 3 x 11 + 6 bytes
		o.room(BINARY_HEADER.length + 2 + STREAM_BYTES.length + size * 120);
		o.put(BINARY_HEADER);
		o.put((byte) 0x0a);
		o.putVarint(STREAM_BYTES.length);
		o.put(STREAM_BYTES);
		int k = (int) (first % this.templates.length);
		long dataTotal = 0;
		for (int i = 0; i < size; i++) {
			long n = first + i;
			long millis = eventTime(n);
			byte[] decimal = decimal(millis);
			this.batchTemplates[i] = k;
			this.batchDecimals[i] = decimal;
			int dataLength = this.dataBeforeLength[k] + decimal.length + this.dataAfterLength[k];
			k = (k + 1 == this.templates.length) ? 0 : k + 1;
			dataTotal += dataLength;
			long seconds = Math.floorDiv(millis, 1000);
			int nanos = (int) Math.floorMod(millis, 1000) * 1_000_000;
			int envelopeSize = 38 + 38 + 2 + 1 + Output.varintSize(zigZag(seconds))
					+ ((nanos == 0) ? 0 : 1 + Output.varintSize(nanos)) + 1 + Output.varintSize(zigZag(ingestSeconds))
					+ ((ingestNanos == 0) ? 0 : 1 + Output.varintSize(ingestNanos)) + 1 + Output.varintSize(dataLength);
			o.byte1(0x12);
			o.putVarint(envelopeSize);
			o.byte2(0x0a, 36);
			o.putId(this.runId, 0x7000, n);
			o.byte2(0x12, 36);
			o.putId(this.runId, 0x4000, n);
			o.byte2(0x18, 0);
			o.byte1(0x20);
			o.putVarint(zigZag(seconds));
			if (nanos != 0) {
				o.byte1(0x28);
				o.putVarint(nanos);
			}
			o.byte1(0x30);
			o.putVarint(zigZag(ingestSeconds));
			if (ingestNanos != 0) {
				o.byte1(0x38);
				o.putVarint(ingestNanos);
			}
			o.byte1(0x40);
			o.putVarint(dataLength);
		}
		if (size > 0) {
			o.room(11 + (int) dataTotal);
			o.byte1(0x22);
			o.putVarint(dataTotal);
			for (int i = 0; i < size; i++) {
				int t = this.batchTemplates[i];
				int at = this.dataAt[t];
				o.write(this.dataParts, at, this.dataBeforeLength[t]);
				o.put(this.batchDecimals[i]);
				o.write(this.dataParts, at + this.dataBeforeLength[t], this.dataAfterLength[t]);
			}
		}
		this.next = first + size;
		return o.toByteArray();
	}

	/** The decimal form of event time {@code millis}, made anew only when it changes (every 10 events). */
	private byte[] decimal(long millis) {
		if (millis != this.decimalMillis) {
			this.decimalMillis = millis;
			this.decimalBytes = ascii(Long.toString(millis));
		}
		return this.decimalBytes;
	}

	private static long zigZag(long value) {
		return (value << 1) ^ (value >> 63);
	}

	/**
	 * The batch as the wire format's Smile writer writes an {@link EventBatch}: the record's
	 * properties in their order, the data in the template's, no progress and no redrive.
	 */
	private byte[] nextSmileBatch(int size) {
		long ingestMillis = eventTime(this.next + size - 1);
		String ingestIso = Instant.ofEpochMilli(ingestMillis).toString();
		Output o = this.out;
		o.reset();
		try (JsonGenerator g = WireFormat.mapper(WireFormat.Encoding.SMILE).createGenerator(o)) {
			g.writeStartObject();
			g.writeName("events");
			g.writeStartArray();
			for (int i = 0; i < size; i++) {
				long n = this.next++;
				Template t = this.templates[(int) (n % this.templates.length)];
				long millis = eventTime(n);
				iso(millis);
				g.writeStartObject();
				g.writeName("id");
				g.writeString(idString(0x7000, n));
				g.writeName("ingestId");
				g.writeString(idString(0x4000, n));
				g.writeName("stream");
				g.writeString(STREAM);
				g.writeName("eventTime");
				g.writeString(this.lastIsoString);
				g.writeName("ingestTime");
				g.writeString(ingestIso);
				g.writeName("data");
				g.writeStartObject();
				for (int f = 0; f < t.names.length; f++) {
					g.writeName(t.names[f]);
					g.writeString((t.values[f] != null) ? t.values[f] : this.lastDecimalString);
				}
				g.writeEndObject();
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeEndObject();
		}
		return o.toByteArray();
	}

	private String idString(int version, long n) {
		char[] c = this.idChars;
		hex(c, 0, this.runId & 0xffffffffL, 8);
		c[8] = '-';
		hex(c, 9, (n >>> 48) & 0xffff, 4);
		c[13] = '-';
		hex(c, 14, version, 4);
		c[18] = '-';
		hex(c, 19, 0x8000, 4);
		c[23] = '-';
		hex(c, 24, n & 0xffffffffffffL, 12);
		return new String(c);
	}

	private static void hex(char[] into, int at, long value, int digits) {
		for (int i = digits - 1; i >= 0; i--) {
			into[at + i] = Character.forDigit((int) (value & 0xf), 16);
			value >>>= 4;
		}
	}

	/**
	 * Event number {@code n} as a record: what ingestion encodes for a request accepted at
	 * {@code ingestMillis}, for a test that compares {@link #nextBatch}'s bytes with the wire format's.
	 */
	Event event(long n, long ingestMillis) {
		Map<String, Object> data = new LinkedHashMap<>(this.templates[(int) (n % this.templates.length)].data);
		data.put("event_time", Long.toString(eventTime(n)));
		return new Event(id(this.runId, 0x7000, n), id(this.runId, 0x4000, n), STREAM,
				Instant.ofEpochMilli(eventTime(n)), Instant.ofEpochMilli(ingestMillis), data);
	}

	/** The id {@link Output#putId} writes, as a string. */
	static String id(long runId, int version, long n) {
		return String.format("%08x-%04x-%04x-8000-%012x", runId & 0xffffffffL, (n >>> 48) & 0xffff, version,
				n & 0xffffffffffffL);
	}

	/**
	 * The event time's ISO form as {@link Instant#toString} writes it; also makes
	 * {@link #lastDecimal} its decimal form. Both change every 10 events; the date and time of day
	 * only every second, so only the milliseconds are written anew.
	 */
	private byte[] iso(long millis) {
		if (millis != this.lastMillis) {
			this.lastMillis = millis;
			long second = Math.floorDiv(millis, 1000);
			int fraction = (int) Math.floorMod(millis, 1000);
			if (second != this.lastSecond) {
				this.lastSecond = second;
				String text = Instant.ofEpochSecond(second).toString();
				this.secondPrefix = ascii(text.substring(0, text.length() - 1));
			}
			byte[] iso = Arrays.copyOf(this.secondPrefix, this.secondPrefix.length + ((fraction == 0) ? 1 : 5));
			int at = this.secondPrefix.length;
			if (fraction != 0) {
				iso[at++] = '.';
				iso[at++] = (byte) ('0' + fraction / 100);
				iso[at++] = (byte) ('0' + fraction / 10 % 10);
				iso[at++] = (byte) ('0' + fraction % 10);
			}
			iso[at] = 'Z';
			this.lastIso = iso;
			this.lastDecimalString = Long.toString(millis);
			this.lastDecimal = ascii(this.lastDecimalString);
			this.lastIsoString = new String(iso, StandardCharsets.US_ASCII);
		}
		return this.lastIso;
	}

	private static Event placeholderEvent(Map<String, Object> data) {
		return new Event(ID, INGEST_ID, STREAM, EVENT_TIME, INGEST_TIME, data);
	}

	/** Splits the event's wire form at its placeholders, which must come in the order written here. */
	private static Template template(Map<String, Object> data) {
		String json = WireFormat.writeString(placeholderEvent(data));
		String[] marks = { ID, INGEST_ID, EVENT_TIME.toString(), INGEST_TIME.toString(), TIME_VALUE };
		byte[][] parts = new byte[marks.length + 1][];
		int from = 0;
		for (int i = 0; i < marks.length; i++) {
			int at = json.indexOf(marks[i], from);
			if (at < 0) {
				throw new IllegalStateException("the wire form of an event changed shape: " + json);
			}
			parts[i] = ascii(json.substring(from, at));
			from = at + marks[i].length();
		}
		parts[marks.length] = ascii(json.substring(from));
		String[] names = data.keySet().toArray(String[]::new);
		@Nullable String[] values = new String[names.length];
		for (int i = 0; i < names.length; i++) {
			Object value = data.get(names[i]);
			// the event time's value is the event's, written where the placeholder is
			values[i] = TIME_VALUE.equals(value) ? null : (String) value;
		}
		return new Template(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], data, names, values);
	}

	/** Where {@code part} first occurs in {@code bytes}. */
	private static int indexOf(byte[] bytes, byte[] part) {
		for (int i = 0; i + part.length <= bytes.length; i++) {
			if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		throw new IllegalStateException("the event time's placeholder is not in "
				+ new String(bytes, StandardCharsets.UTF_8));
	}

	private static String uuid(Random random) {
		return new UUID(random.nextLong(), random.nextLong()).toString();
	}

	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	/** A growable byte buffer that writes ids without making strings. */
	private static final class Output extends OutputStream {

		private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

		private byte[] bytes;

		private int size;

		Output(int capacity) {
			this.bytes = new byte[capacity];
		}

		void reset() {
			this.size = 0;
		}

		/** An unsigned protobuf varint. */
		void putVarint(long value) {
			room(10);
			while ((value & ~0x7fL) != 0) {
				this.bytes[this.size++] = (byte) ((value & 0x7f) | 0x80);
				value >>>= 7;
			}
			this.bytes[this.size++] = (byte) value;
		}

		static int varintSize(long value) {
			int size = 1;
			while ((value & ~0x7fL) != 0) {
				size++;
				value >>>= 7;
			}
			return size;
		}

		void put(byte b) {
			room(1);
			this.bytes[this.size++] = b;
		}

		/** One byte, where {@link #room} made room for it. */
		void byte1(int b) {
			this.bytes[this.size++] = (byte) b;
		}

		/** Two bytes, where {@link #room} made room for them. */
		void byte2(int b1, int b2) {
			this.bytes[this.size++] = (byte) b1;
			this.bytes[this.size++] = (byte) b2;
		}

		void put(byte[] b) {
			room(b.length);
			System.arraycopy(b, 0, this.bytes, this.size, b.length);
			this.size += b.length;
		}

		@Override
		public void write(int b) {
			put((byte) b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			room(len);
			System.arraycopy(b, off, this.bytes, this.size, len);
			this.size += len;
		}

		/** {@code runId(8 hex)-n>>>48(4)-version(4)-8000-n(12)}: a UUID-shaped id unique per event. */
		void putId(long runId, int version, long n) {
			room(36);
			hex(runId & 0xffffffffL, 8);
			this.bytes[this.size++] = '-';
			hex((n >>> 48) & 0xffff, 4);
			this.bytes[this.size++] = '-';
			hex(version, 4);
			this.bytes[this.size++] = '-';
			hex(0x8000, 4);
			this.bytes[this.size++] = '-';
			hex(n & 0xffffffffffffL, 12);
		}

		private void hex(long value, int digits) {
			for (int i = digits - 1; i >= 0; i--) {
				this.bytes[this.size + i] = HEX[(int) (value & 0xf)];
				value >>>= 4;
			}
			this.size += digits;
		}

		void room(int more) {
			if (this.size + more > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.size + more));
			}
		}

		byte[] toByteArray() {
			return Arrays.copyOf(this.bytes, this.size);
		}

	}

}
