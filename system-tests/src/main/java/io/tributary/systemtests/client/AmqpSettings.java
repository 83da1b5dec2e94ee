package io.tributary.systemtests.client;

/** Where the broker is: host, port, credentials and virtual host. */
public record AmqpSettings(String host, int port, String username, String password, String virtualHost) {

	/** An {@code amqp://} URI with the virtual host encoded, as PerfTest takes it. */
	public String uri() {
		return "amqp://" + enc(this.username) + ":" + enc(this.password) + "@" + this.host + ":" + this.port + "/"
				+ enc(this.virtualHost);
	}

	private static String enc(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
	}

	@Override
	public String toString() {
		return "amqp://" + this.username + "@" + this.host + ":" + this.port + "/" + this.virtualHost;
	}

}
