package io.tributary.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, for requests an HTTP client would refuse to send or
 * would normalise (bad bytes in the path, broken headers, conflicting lengths, bodies that trickle
 * or never end). Reads one answer: status, headers, body.
 */
public final class RawHttp {

	/** How long any read waits before the test gives up on the server. */
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/** One answer; header names in lower case. */
	public record Answer(int status, Map<String, String> headers, String body) {

		public @Nullable String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	/** A connection to the server, with the read timeout set. */
	public Socket open() {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends the request (its text as ISO-8859-1 bytes, CRLFs written out) and reads the answer. */
	public Answer exchange(String request) {
		return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
	}

	public Answer exchange(byte[] request) {
		try (Socket socket = open()) {
			socket.getOutputStream().write(request);
			socket.getOutputStream().flush();
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads one answer from a connection. */
	public static Answer read(InputStream in) throws IOException {
		String statusLine = line(in);
		if (statusLine == null) {
			throw new IOException("the server closed the connection without an answer");
		}
		String[] parts = statusLine.split(" ", 3);
		int status = Integer.parseInt(parts[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		byte[] body;
		if (headers.containsKey("content-length")) {
			body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
				out.write(in.readNBytes(size));
				line(in);
			}
			body = out.toByteArray();
		}
		else if (status == 204 || status == 304) {
			body = new byte[0];
		}
		else {
			body = in.readAllBytes();
		}
		return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	/**
	 * Whether the server closes the connection within the time: reads (and drops) whatever it sends
	 * until the end of the stream or a reset.
	 */
	public static boolean closedWithin(Socket socket, Duration time) throws IOException {
		long deadline = System.nanoTime() + time.toNanos();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[8192];
		while (System.nanoTime() < deadline) {
			socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			try {
				if (in.read(buffer) < 0) {
					return true;
				}
			}
			catch (SocketTimeoutException ex) {
				return false;
			}
			catch (IOException ex) {
				// reset by the server: closed
				return true;
			}
		}
		return false;
	}

	private static int chunkSize(InputStream in) throws IOException {
		String line = line(in);
		if (line == null) {
			return 0;
		}
		int semicolon = line.indexOf(';');
		return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
	}

	private static @Nullable String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
		}
		return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
	}

}
