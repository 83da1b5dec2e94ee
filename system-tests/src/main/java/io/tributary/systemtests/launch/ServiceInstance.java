package io.tributary.systemtests.launch;

import java.net.URI;
import java.nio.file.Path;

/**
 * One process of a service in a {@link ServiceCluster}: its own port and log file and, for
 * processing, the static partition assignment it runs with ({@code instance-index} of
 * {@code instance-count}). Started, stopped, killed and restarted through the cluster.
 */
public final class ServiceInstance {

	private final Service service;

	private final String name;

	private final int port;

	private final ManagedProcess process;

	private volatile int instanceIndex;

	private volatile int instanceCount;

	ServiceInstance(Service service, String name, int port, ManagedProcess process, int instanceIndex,
			int instanceCount) {
		this.service = service;
		this.name = name;
		this.port = port;
		this.process = process;
		this.instanceIndex = instanceIndex;
		this.instanceCount = instanceCount;
	}

	public Service service() {
		return this.service;
	}

	/** Unique in the cluster, also the name of its log file: {@code processing-service-1of3}, {@code storage-service-2}. */
	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public URI baseUri() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** For processing: the {@code tributary.processing.instance-index} it runs (or last ran) with. */
	public int instanceIndex() {
		return this.instanceIndex;
	}

	/** For processing: the {@code tributary.processing.instance-count} it runs (or last ran) with. */
	public int instanceCount() {
		return this.instanceCount;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The pid of the current (or last) run, -1 before the first start. */
	public long pid() {
		return this.process.pid();
	}

	public Path logFile() {
		return this.process.logFile();
	}

	public String logTail(int lines) {
		return this.process.logTail(lines);
	}

	ManagedProcess process() {
		return this.process;
	}

	void assignment(int index, int count) {
		this.instanceIndex = index;
		this.instanceCount = count;
	}

	@Override
	public String toString() {
		return this.name + " (port " + this.port + ")";
	}

}
