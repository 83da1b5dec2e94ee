package io.tributary.support.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Tomcat with the services' hardening and a 3s header deadline, talked to over raw sockets:
 * a client that trickles its headers is cut off soon after the deadline though it never falls idle;
 * a kept-alive connection that waits longer than the deadline between requests is not.
 */
class HeaderDeadlineTests {

	private static final Duration DEADLINE = Duration.ofSeconds(3);

	private WebServer server;

	@BeforeEach
	void start() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		new TomcatHardening(new TomcatHttpProperties(DEADLINE)).customize(factory);
		// an idle timeout well above the deadline, as in the services (10s there)
		factory.addConnectorCustomizers((connector) -> connector.setProperty("connectionTimeout", "10000"));
		this.server = factory.getWebServer((context) -> context.addServlet("ok", new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setContentType("text/plain");
				response.getWriter().write("ok");
			}
		}).addMapping("/*"));
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void theProtocolIsTheOneWithTheDeadline() {
		assertThat(((org.springframework.boot.tomcat.TomcatWebServer) this.server).getTomcat().getConnector()
			.getProtocolHandler()).isInstanceOfSatisfying(HeaderDeadlineProtocol.class,
					(protocol) -> assertThat(protocol.getHeaderReadTimeout()).isEqualTo(DEADLINE));
	}

	@Test
	void aClientTricklingItsHeadersIsDisconnectedSoonAfterTheDeadline() throws Exception {
		try (Socket socket = open()) {
			OutputStream out = socket.getOutputStream();
			long started = System.nanoTime();
			out.write("GET /actuator/health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			boolean closed = false;
			// a header byte every 500ms, well inside the 10s idle timeout, for up to 20s
			for (int i = 0; i < 40 && !closed; i++) {
				Thread.sleep(500);
				try {
					out.write('X');
					out.flush();
					closed = closedNow(socket);
				}
				catch (IOException ex) {
					closed = true;
				}
			}
			long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
			assertThat(closed).as("disconnected").isTrue();
			// the deadline, then up to a second for the check and a second for the poller's scan
			assertThat(took).isBetween(DEADLINE.toMillis(), DEADLINE.toMillis() + 2000 + 500);
		}
		// the server still serves a normal request right after
		try (Socket socket = open()) {
			assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void aKeptAliveConnectionIdleLongerThanTheDeadlineStaysOpen() throws Exception {
		try (Socket socket = open()) {
			assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
			// idle between requests for more than the deadline plus both scans, less than the idle timeout
			Thread.sleep(DEADLINE.toMillis() + 3000);
			assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void headersSentPromptlyAfterALongKeepAliveWaitAreServed() throws Exception {
		try (Socket socket = open()) {
			assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
			Thread.sleep(DEADLINE.toMillis() + 1000);
			// the deadline counts from this request's first byte, not from the connection's or the last request's
			socket.getOutputStream().write("GET /x HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
			Thread.sleep(1500);
			assertThat(finish(socket)).startsWith("HTTP/1.1 200");
		}
	}

	private Socket open() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.getPort()), 5000);
		socket.setSoTimeout(15000);
		return socket;
	}

	/** Sends a GET and reads the answer's head (its body read past). */
	private static String exchange(Socket socket) throws IOException {
		socket.getOutputStream().write("GET /x HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
		return finish(socket);
	}

	/** Sends the headers of a GET whose request line is sent, and reads the answer's head. */
	private static String finish(Socket socket) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write("Host: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		return readAnswer(socket.getInputStream());
	}

	private static String readAnswer(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed after " + head);
			}
			head.append((char) b);
		}
		// the body "ok" (chunked or with a length: read what the head announces)
		String text = head.toString();
		if (text.contains("Content-Length: 2")) {
			in.readNBytes(2);
		}
		else {
			// chunked: "2\r\nok\r\n0\r\n\r\n"
			in.readNBytes(12);
		}
		return text;
	}

	/** Whether the server has closed the connection: a read that ends the stream or is reset. */
	private static boolean closedNow(Socket socket) throws IOException {
		socket.setSoTimeout(1);
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
		finally {
			socket.setSoTimeout(15000);
		}
	}

}
