package io.tributary.systemtests.launch;

/** The four services, by Maven module. */
public enum Service {

	INGESTION("ingestion-service"), PROCESSING("processing-service"), STORAGE("storage-service"),
	QUERY("query-service");

	private final String module;

	Service(String module) {
		this.module = module;
	}

	public String module() {
		return this.module;
	}

}
