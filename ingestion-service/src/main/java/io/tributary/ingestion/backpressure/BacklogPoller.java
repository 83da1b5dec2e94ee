package io.tributary.ingestion.backpressure;

import java.time.Duration;

import io.tributary.support.schedule.FixedDelayLoops;

import org.springframework.context.SmartLifecycle;

/** Samples the accept lag and the backlog for {@link Admission} every interval, on a thread of its own, while the service runs. */
final class BacklogPoller implements SmartLifecycle {

	private final Admission admission;

	private final Duration interval;

	private final FixedDelayLoops loops = new FixedDelayLoops(Thread.ofPlatform().name("backlog-sampler").daemon(true));

	BacklogPoller(Admission admission, Duration interval) {
		this.admission = admission;
		this.interval = interval;
	}

	@Override
	public void start() {
		// a first reading before the first request, so a restart into a backlog refuses at once
		this.admission.sample();
		this.loops.start(new FixedDelayLoops.Loop(this.interval, this.admission::sample));
	}

	@Override
	public void stop() {
		this.loops.stop();
	}

	@Override
	public boolean isRunning() {
		return this.loops.isRunning();
	}

}
