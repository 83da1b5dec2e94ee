package io.tributary.systemtests.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a tiny runnable jar that behaves like a service to the launcher: it reads
 * {@code --server.port}, answers {@code /actuator/health/readiness} (503 until
 * {@code --fake.ready-after-ms} passed, then 200), prints its arguments, says so on graceful
 * shutdown, and exits with 3 at once given {@code --fake.fail}.
 */
final class FakeServiceJar {

	private static final String SOURCE = """
			import com.sun.net.httpserver.HttpServer;
			import java.net.InetSocketAddress;

			public class FakeService {
				public static void main(String[] args) throws Exception {
					int port = 0;
					long readyAfter = 0;
					for (String a : args) {
						if (a.startsWith("--server.port=")) port = Integer.parseInt(a.substring(14));
						if (a.startsWith("--fake.ready-after-ms=")) readyAfter = Long.parseLong(a.substring(22));
						if (a.equals("--fake.fail")) {
							System.out.println("fake failure on purpose");
							System.exit(3);
						}
					}
					System.out.println("fake service args: " + String.join(" ", args));
					long readyAt = System.currentTimeMillis() + readyAfter;
					HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
					server.createContext("/actuator/health/readiness", (exchange) -> {
						boolean ready = System.currentTimeMillis() >= readyAt;
						byte[] body = (ready ? "{\\"status\\":\\"UP\\"}" : "{\\"status\\":\\"OUT_OF_SERVICE\\"}").getBytes();
						exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
						exchange.getResponseBody().write(body);
						exchange.close();
					});
					server.start();
					Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake service graceful shutdown")));
					Thread.currentThread().join();
				}
			}
			""";

	private FakeServiceJar() {
	}

	static Path build(Path dir) {
		try {
			Path src = dir.resolve("src");
			Path classes = dir.resolve("classes");
			Files.createDirectories(src);
			Files.createDirectories(classes);
			Path source = src.resolve("FakeService.java");
			Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
			JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
			int rc = compiler.run(null, null, null, "-d", classes.toString(), source.toString());
			if (rc != 0) {
				throw new IllegalStateException("cannot compile the fake service");
			}
			Manifest manifest = new Manifest();
			manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
			manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeService");
			Path jar = dir.resolve("fake-service.jar");
			try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
				for (Path c : List.of(classes.resolve("FakeService.class"))) {
					jarOut.putNextEntry(new JarEntry(c.getFileName().toString()));
					jarOut.write(Files.readAllBytes(c));
					jarOut.closeEntry();
				}
			}
			return jar;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
