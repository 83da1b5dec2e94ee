package io.tributary.support.tls;

import io.tributary.support.diagnostics.Causes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Stops the start-up when a TLS connection to a server (Redis, RabbitMQ) fails on its certificates:
 * not trusted, refused, no client certificate. That is configuration, which no retry fixes, while an
 * unreachable server is an outage the services wait out (alive, not ready, retrying). It connects once
 * if the server is configured for TLS; any failure other than the TLS handshake is left to the health
 * checks. The start-up failure analyzer of this module then says what to fix.
 */
final class TlsHandshakeCheck implements ApplicationRunner, Ordered {

	private static final Logger log = LoggerFactory.getLogger(TlsHandshakeCheck.class);

	/** One connection to the server, opened and closed; throws what the client library throws. */
	@FunctionalInterface
	interface Connect {

		void connectOnce();

	}

	private final String server;

	private final boolean tls;

	private final Connect connect;

	private final int order;

	/** @param tls whether the server is configured for TLS; without TLS the check does nothing */
	TlsHandshakeCheck(String server, boolean tls, Connect connect, int order) {
		this.server = server;
		this.tls = tls;
		this.connect = connect;
		this.order = order;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.tls) {
			return;
		}
		try {
			this.connect.connectOnce();
		}
		catch (RuntimeException ex) {
			if (Causes.tlsHandshakeFailed(ex)) {
				throw ex;
			}
			log.info("{} is not reachable at start-up ({}); the TLS check waits for the health checks",
					this.server, Causes.rootMessage(ex));
		}
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
