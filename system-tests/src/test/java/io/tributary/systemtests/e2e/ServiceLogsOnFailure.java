package io.tributary.systemtests.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a system test fails (or its services fail to start), prints the tail of every service log of
 * the test class, so that the failure report says what the services said.
 */
final class ServiceLogsOnFailure implements TestWatcher, LifecycleMethodExecutionExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ServiceLogsOnFailure.class);

	private static final int LINES = 60;

	@Override
	public void testFailed(ExtensionContext context, Throwable cause) {
		print(context, "test " + context.getDisplayName() + " failed: " + cause);
	}

	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		print(context, "set-up failed: " + throwable);
		throw throwable;
	}

	private static void print(ExtensionContext context, String why) {
		Path dir = RunningSystem.logDir(context.getRequiredTestClass());
		StringBuilder text = new StringBuilder("===== " + why + System.lineSeparator() + "===== service logs in " + dir);
		if (Files.isDirectory(dir)) {
			try (Stream<Path> logs = Files.list(dir)) {
				logs.filter((p) -> p.toString().endsWith(".log")).sorted().forEach((p) -> text.append(System.lineSeparator())
					.append("----- ").append(p.getFileName()).append(" (last ").append(LINES).append(" lines) -----")
					.append(System.lineSeparator()).append(tail(p)));
			}
			catch (IOException ex) {
				text.append(" (cannot list: ").append(ex.getMessage()).append(')');
			}
		}
		log.error("{}", text);
	}

	private static String tail(Path file) {
		try {
			java.util.List<String> lines = Files.readAllLines(file);
			return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			return "(cannot read: " + ex.getMessage() + ")";
		}
	}

}
