package io.tributary.processing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the declared pipelines: route (filter, enrich, key) and window (aggregate, emit). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProcessingApplication {

	public static void main(String[] args) {
		SpringApplication.run(ProcessingApplication.class, args);
	}

}
