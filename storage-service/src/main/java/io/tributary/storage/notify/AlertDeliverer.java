package io.tributary.storage.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tributary.contract.Alert;
import io.tributary.contract.AlertDeliveryFailure;
import io.tributary.contract.WireFormat;
import io.tributary.storage.StorageProperties.Notify;
import io.tributary.storage.StorageProperties.Target;
import io.tributary.storage.notify.DeliveryJobs.Job;
import org.jspecify.annotations.Nullable;

/**
 * Delivers the jobs of the pipelines whose rules notify someone: takes new and abandoned jobs up to
 * {@code maxInFlight}, sends each revision to each of its targets, retries failed attempts after
 * {@link Backoff}, records a failure after the last one, and finishes a job (acknowledged and
 * deleted) when every target has it or has a failure record. All its state lives on one thread;
 * the HTTP answers come back to it. A job whose finish is lost (a crash, Redis failing) is taken
 * again later and sent again: receivers de-duplicate by the idempotency key.
 */
final class AlertDeliverer {

	private final DeliveryJobs jobs;

	private final WebhookSender sender;

	private final DeliveryMetrics metrics;

	private final Notify settings;

	private final Backoff backoff;

	private final List<String> pipelines;

	private final Clock clock;

	private final Set<String> groupsReady = new HashSet<>();

	/** Ids of the jobs in flight here, so a claim of our own slow job does not start it twice. */
	private final Set<String> inFlight = new HashSet<>();

	private long nextClaimNanos = System.nanoTime();

	private volatile @Nullable ScheduledExecutorService executor;

	AlertDeliverer(DeliveryJobs jobs, WebhookSender sender, DeliveryMetrics metrics, Notify settings,
			List<String> pipelines, Clock clock) {
		this.jobs = jobs;
		this.sender = sender;
		this.metrics = metrics;
		this.settings = settings;
		this.backoff = new Backoff(settings.backoff(), settings.maxBackoff());
		this.pipelines = List.copyOf(pipelines);
		this.clock = clock;
	}

	synchronized void start() {
		if (this.executor != null || this.pipelines.isEmpty()) {
			return;
		}
		ScheduledExecutorService ex = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("alert-delivery").daemon().factory());
		long poll = this.settings.pollInterval().toMillis();
		ex.scheduleWithFixedDelay(this::poll, 0, poll, TimeUnit.MILLISECONDS);
		this.executor = ex;
	}

	/** Stops taking jobs and sending; jobs in flight stay pending and are taken again after a restart. */
	synchronized void stop() {
		ScheduledExecutorService ex = this.executor;
		if (ex != null) {
			ex.shutdownNow();
			try {
				ex.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ie) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	synchronized boolean isRunning() {
		return this.executor != null;
	}

	/** Takes jobs while there is room: abandoned ones now and then, new ones every poll. */
	private void poll() {
		boolean claim = System.nanoTime() - this.nextClaimNanos >= 0;
		if (claim) {
			this.nextClaimNanos = System.nanoTime() + this.settings.claimAfter().toNanos() / 4;
		}
		boolean more = true;
		while (more && room() > 0) {
			more = false;
			for (String pipeline : this.pipelines) {
				try {
					if (this.groupsReady.add(pipeline)) {
						this.jobs.ensureGroup(pipeline);
					}
					if (claim && room() > 0) {
						this.jobs.claimAbandoned(pipeline, this.settings.claimAfter(), room()).forEach(this::start);
					}
					if (claim) {
						this.jobs.forgetIdleConsumers(pipeline, forgetAfter());
					}
					if (room() > 0) {
						List<Job> taken = this.jobs.readNew(pipeline, room());
						taken.forEach(this::start);
						more |= !taken.isEmpty();
					}
				}
				catch (RuntimeException ex) {
					// the group may be gone with a restarted Redis: create it again next time
					this.groupsReady.remove(pipeline);
					this.metrics.problem("could not read the delivery jobs of pipeline '" + pipeline + "'", ex);
				}
			}
			claim = false;
		}
	}

	/** How long a consumer of the group reads nothing before it is taken for one of an earlier start. */
	private Duration forgetAfter() {
		Duration tenPolls = this.settings.pollInterval().multipliedBy(10);
		return this.settings.claimAfter().compareTo(tenPolls) > 0 ? this.settings.claimAfter() : tenPolls;
	}

	private int room() {
		return this.settings.maxInFlight() - this.inFlight.size();
	}

	private void start(Job job) {
		if (!this.inFlight.add(job.id().getValue())) {
			return;
		}
		Alert alert;
		try {
			alert = WireFormat.read(job.alertJson(), Alert.class);
		}
		catch (IllegalArgumentException ex) {
			this.metrics.problem("job " + job.id() + " of pipeline '" + job.pipeline()
					+ "' holds no readable alert; dropped: " + ex.getMessage());
			finish(new Delivery(job, null, 0));
			return;
		}
		List<String> names = job.targetNames();
		Delivery delivery = new Delivery(job, alert, names.size());
		if (names.isEmpty()) {
			finish(delivery);
			return;
		}
		String key = AlertDeliveryFailure.idempotencyKey(alert);
		Instant now = this.clock.instant();
		for (String name : names) {
			Target target = this.settings.targets().get(name);
			if (target == null) {
				// the configuration lost a target since the job was written
				fail(delivery, name, key, 0, "no target '" + name + "' is configured (tributary.notify.targets)", now);
				continue;
			}
			attempt(delivery, name, target, key, DeliveryBody.of(target.format(), alert, key), 1, now);
		}
	}

	private void attempt(Delivery delivery, String name, Target target, String key, byte[] body, int attempt,
			Instant first) {
		this.sender.send(target, body, key, attempt)
			.thenAccept((result) -> onThread(() -> answered(delivery, name, target, key, body, attempt, first, result)));
	}

	private void answered(Delivery delivery, String name, Target target, String key, byte[] body, int attempt,
			Instant first, WebhookSender.Result result) {
		if (result.delivered()) {
			this.metrics.delivered(name);
			delivery.targetDone();
			if (delivery.isDone()) {
				finish(delivery);
			}
			return;
		}
		String reason = String.valueOf(result.reason());
		if (attempt < this.settings.attempts()) {
			Duration wait = this.backoff.before(attempt + 1);
			this.metrics.retried(name, attempt, wait, reason);
			schedule(() -> attempt(delivery, name, target, key, body, attempt + 1, first), wait.toMillis());
			return;
		}
		this.metrics.failed(name, attempt, reason);
		fail(delivery, name, key, attempt, reason, first);
	}

	private void fail(Delivery delivery, String name, String key, int attempts, String reason, Instant first) {
		Alert alert = delivery.alert;
		if (alert != null) {
			try {
				this.jobs.recordFailure(alert.pipeline(), new AlertDeliveryFailure(name, key, attempts, reason, first,
						this.clock.instant(), alert));
			}
			catch (RuntimeException ex) {
				// without its failure record the job must not finish: it is taken again after claim-after
				this.metrics.problem("could not record a failed delivery of alert '" + alert.id() + "'", ex);
				delivery.keep();
			}
		}
		delivery.targetDone();
		if (delivery.isDone()) {
			finish(delivery);
		}
	}

	private void finish(Delivery delivery) {
		this.inFlight.remove(delivery.job.id().getValue());
		if (delivery.kept) {
			return;
		}
		try {
			this.jobs.finish(delivery.job);
		}
		catch (RuntimeException ex) {
			this.metrics.problem("could not finish delivery job " + delivery.job.id() + " of pipeline '"
					+ delivery.job.pipeline() + "' (it is sent again later)", ex);
		}
	}

	private void onThread(Runnable task) {
		ScheduledExecutorService ex = this.executor;
		if (ex == null) {
			return;
		}
		try {
			ex.execute(task);
		}
		catch (RejectedExecutionException stopped) {
			// stopping: the job stays pending and is taken again
		}
	}

	private void schedule(Runnable task, long millis) {
		ScheduledExecutorService ex = this.executor;
		if (ex == null) {
			return;
		}
		try {
			ex.schedule(task, millis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException stopped) {
			// stopping: the job stays pending and is taken again
		}
	}

	/** One job in flight: how many of its targets are still open, and whether it must stay pending. */
	private static final class Delivery {

		final Job job;

		final @Nullable Alert alert;

		int open;

		boolean kept;

		Delivery(Job job, @Nullable Alert alert, int targets) {
			this.job = job;
			this.alert = alert;
			this.open = targets;
		}

		void targetDone() {
			this.open--;
		}

		boolean isDone() {
			return this.open <= 0;
		}

		void keep() {
			this.kept = true;
		}

	}

}
