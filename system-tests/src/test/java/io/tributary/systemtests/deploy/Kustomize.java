package io.tributary.systemtests.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.systemtests.launch.BackgroundWork;

/**
 * Renders kustomizations with {@code kubectl kustomize}, the way {@code kubectl apply -k} would.
 * kubectl must be on the PATH with kustomize v5 or newer ({@code deploy/ensure-kubectl.sh} installs it).
 */
final class Kustomize {

	private static String kubectl;

	private Kustomize() {
	}

	/** The rendered resources of a kustomization directory, as YAML maps. */
	static List<Map<String, Object>> render(Path directory) {
		String output = run(kubectl(), "kustomize", directory.toString());
		return Repository.yamlDocuments(output);
	}

	static synchronized String kubectl() {
		if (kubectl == null) {
			String found = null;
			for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
				Path candidate = Path.of(dir, "kubectl");
				if (Files.isExecutable(candidate)) {
					found = candidate.toString();
					break;
				}
			}
			if (found == null) {
				throw new IllegalStateException(
						"kubectl is not on the PATH: the deploy checks render deploy/k8s with `kubectl kustomize`. "
								+ "Run deploy/ensure-kubectl.sh to install it.");
			}
			String version = run(found, "version", "--client");
			Matcher m = Pattern.compile("Kustomize Version: v(\\d+)\\.").matcher(version);
			if (!m.find() || Integer.parseInt(m.group(1)) < 5) {
				throw new IllegalStateException(found + " has no kustomize v5 or newer (" + version.strip()
						+ "); deploy/k8s uses components and replacements. Run deploy/ensure-kubectl.sh.");
			}
			kubectl = found;
		}
		return kubectl;
	}

	private static String run(String... command) {
		try {
			Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
				try {
					return p.getErrorStream().readAllBytes();
				}
				catch (IOException ex) {
					return new byte[0];
				}
			}, BackgroundWork.EXECUTOR);
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(120, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s");
			}
			if (p.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
						+ new String(err.join(), StandardCharsets.UTF_8).strip());
			}
			return out;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + String.join(" ", command) + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
