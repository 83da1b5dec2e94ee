package io.tributary.ingestion.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.unit.DataSize;

/**
 * Reads request bodies up to a size and within a time. A body announced larger than the limit is
 * refused without reading it; a body without a length (chunked) is read only up to one byte past
 * the limit. A body still arriving after the deadline is refused however slowly it trickles in
 * (Tomcat's own timeout bounds only the wait for each next byte); a connection that breaks or falls
 * silent on the way is the client's doing, not a failure of the service.
 */
final class RequestBodies {

	private static final int CHUNK = 16 * 1024;

	private RequestBodies() {
	}

	static byte[] read(HttpServletRequest request, DataSize limit, Duration deadline) {
		long max = limit.toBytes();
		long announced = request.getContentLengthLong();
		if (announced > max) {
			throw new PayloadTooLargeException(limit);
		}
		long cap = max + 1;
		long start = System.nanoTime();
		ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.max(announced, CHUNK));
		try (InputStream in = request.getInputStream()) {
			byte[] chunk = new byte[CHUNK];
			int n;
			while ((n = in.read(chunk, 0, (int) Math.min(CHUNK, cap - body.size()))) > 0) {
				body.write(chunk, 0, n);
				if (body.size() > max) {
					throw new PayloadTooLargeException(limit);
				}
				if (System.nanoTime() - start > deadline.toNanos()) {
					throw new BodyTooSlowException(deadline);
				}
			}
			return body.toByteArray();
		}
		catch (IOException ex) {
			if (timedOut(ex)) {
				throw new BodyTooSlowException(deadline);
			}
			throw new BodyNotReceivedException(ex);
		}
	}

	private static boolean timedOut(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
