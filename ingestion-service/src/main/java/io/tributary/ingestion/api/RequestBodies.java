package io.tributary.ingestion.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.unit.DataSize;

/**
 * Reads request bodies up to a limit. A body announced larger than the limit is refused without
 * reading it; a body without a length (chunked) is read only up to one byte past the limit.
 */
final class RequestBodies {

	private RequestBodies() {
	}

	static byte[] read(HttpServletRequest request, DataSize limit) {
		long max = limit.toBytes();
		long announced = request.getContentLengthLong();
		if (announced > max) {
			throw new PayloadTooLargeException(limit);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			if (body.length > max) {
				throw new PayloadTooLargeException(limit);
			}
			return body;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the request body: " + ex.getMessage(), ex);
		}
	}

}
