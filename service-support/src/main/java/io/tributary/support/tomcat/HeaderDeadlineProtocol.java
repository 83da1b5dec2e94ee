package io.tributary.support.tomcat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.coyote.http11.Http11NioProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a total deadline on each request's line and headers: while it
 * runs, a {@link HeaderDeadline} checks the endpoint's connections every second on one daemon thread.
 * Set as the connector's protocol by {@link TomcatHardening}; Tomcat creates it by its class name.
 */
public class HeaderDeadlineProtocol extends Http11NioProtocol {

	private Duration headerReadTimeout = Duration.ofSeconds(10);

	private @Nullable ScheduledExecutorService watchdog;

	public void setHeaderReadTimeout(Duration headerReadTimeout) {
		this.headerReadTimeout = headerReadTimeout;
	}

	public Duration getHeaderReadTimeout() {
		return this.headerReadTimeout;
	}

	@Override
	public void start() throws Exception {
		super.start();
		HeaderDeadline<?> deadline = new HeaderDeadline<>(this.headerReadTimeout, getEndpoint());
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name(getName() + "-header-deadline").daemon().factory());
		executor.scheduleWithFixedDelay(deadline::enforce, 1, 1, TimeUnit.SECONDS);
		this.watchdog = executor;
	}

	@Override
	public void stop() throws Exception {
		ScheduledExecutorService executor = this.watchdog;
		if (executor != null) {
			executor.shutdownNow();
			this.watchdog = null;
		}
		super.stop();
	}

}
