package io.tributary.systemtests.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.systemtests.deploy.Dockerfile.Instruction;
import io.tributary.systemtests.deploy.Dockerfile.Stage;
import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfile read as Docker reads it; {@link DockerImageIT} runs its commands on the built jars. */
class DockerfileTests {

	private final Dockerfile dockerfile = Dockerfile.parse(Repository.read("Dockerfile"));

	@Test
	void buildsTheJarsWithTheJdkAndRunsOnTheTemurin25Jre() {
		assertThat(this.dockerfile.stages()).hasSize(3);
		assertThat(this.dockerfile.stages().getFirst().baseImage()).isEqualTo("eclipse-temurin:25-jdk");
		assertThat(this.dockerfile.finalStage().baseImage()).isEqualTo("eclipse-temurin:25-jre");
		String build = this.dockerfile.stages().getFirst().all("RUN").getLast().operands();
		Matcher modules = Pattern.compile("-pl (\\S+)").matcher(build);
		assertThat(build).contains("./mvnw", " package");
		assertThat(modules.find()).isTrue();
		assertThat(Arrays.asList(modules.group(1).split(",")))
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(Service.values()).map(Service::module).toList());
	}

	@Test
	void extractsTheJarInLayersWithTheJarmodeTools() {
		Stage layers = layersStage(this.dockerfile);
		String extract = layers.all("RUN").getLast().operands();
		assertThat(extract).contains("java -Djarmode=tools -jar app.jar extract --layers --destination extracted");
		assertThat(Repository.read("Dockerfile")).doesNotContain("layertools");
		// the jar the build stage made for the chosen service
		Instruction copy = layers.all("COPY").getFirst();
		assertThat(copy.flags()).containsEntry("from", this.dockerfile.stages().getFirst().name());
		assertThat(copy.operands()).isEqualTo("/workspace/${SERVICE}/target/${SERVICE}-*.jar app.jar");
	}

	@Test
	void copiesTheLayersFromTheLeastToTheMostOftenChanged() {
		List<String> copied = this.dockerfile.finalStage()
			.all("COPY")
			.stream()
			.filter((c) -> c.flags().containsKey("from"))
			.map((c) -> c.operands().split(" ")[0])
			.toList();
		assertThat(copied).containsExactly("/layers/extracted/dependencies/", "/layers/extracted/spring-boot-loader/",
				"/layers/extracted/snapshot-dependencies/", "/layers/extracted/application/");
	}

	@Test
	void runsAsTheNumericNonRootUserTheKubernetesManifestsName() {
		String user = this.dockerfile.finalStage().last("USER").orElseThrow().arguments();
		assertThat(user).matches("\\d+:\\d+");
		int uid = Integer.parseInt(user.split(":")[0]);
		assertThat(uid).isPositive();
		assertThat(this.dockerfile.finalStage().all("RUN").getFirst().operands()).contains("useradd", "--uid " + uid);
		for (Service s : Service.values()) {
			for (Map<String, Object> doc : Repository.yamlDocuments(Repository.read("deploy/k8s/base/" + s.module() + ".yaml"))) {
				Object runAsUser = Maps.at(doc, "spec.template.spec.securityContext.runAsUser");
				if (Maps.at(doc, "spec.template") != null) {
					assertThat(runAsUser).as(s.module()).isEqualTo(uid);
				}
			}
		}
	}

	@Test
	void startsJavaAsProcessOneWithTheHeapSizedByTheContainer() {
		List<String> entrypoint = this.dockerfile.finalStage().last("ENTRYPOINT").orElseThrow().execForm().orElseThrow();
		assertThat(entrypoint).containsExactly("java", "--enable-native-access=ALL-UNNAMED",
				"--sun-misc-unsafe-memory-access=allow", "-jar", "app.jar");
		String options = Dockerfile.environment(this.dockerfile.finalStage().last("ENV").orElseThrow())
			.get("JAVA_TOOL_OPTIONS");
		assertThat(options).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
		assertThat(this.dockerfile.finalStage().workdir()).isEqualTo("/app");
	}

	@Test
	void theHealthCheckIsAScriptTheImageCopiesIn() {
		List<String> command = healthCheckCommand(this.dockerfile);
		Instruction copy = this.dockerfile.finalStage()
			.all("COPY")
			.stream()
			.filter((c) -> c.operands().endsWith(" /usr/local/bin/" + command.getFirst()))
			.findFirst()
			.orElseThrow();
		Path script = Repository.path(copy.operands().split(" ")[0]);
		assertThat(script).isRegularFile();
		assertThat(Files.isExecutable(script) || "755".equals(copy.flags().get("chmod"))).isTrue();
		assertThat(Repository.read(script)).contains("/actuator/health/readiness", "SERVER_PORT");
	}

	@Test
	void theBuildContextKeepsWhatTheBuildNeedsAndNoBuildOutput() {
		List<String> ignored = Repository.read(".dockerignore")
			.lines()
			.map(String::strip)
			.filter((l) -> !l.isEmpty() && !l.startsWith("#"))
			.toList();
		assertThat(ignored).contains("**/target", ".git");
		for (String needed : List.of("mvnw", ".mvn", "pom.xml", "contract", "deploy/docker/healthcheck.sh",
				"processing-service/src")) {
			assertThat(ignored).as(needed + " reaches the build").noneMatch((p) -> needed.equals(p) || needed.startsWith(p + "/"));
			assertThat(Repository.path(needed)).exists();
		}
	}

	static Stage layersStage(Dockerfile dockerfile) {
		return dockerfile.stages()
			.stream()
			.filter((s) -> s.all("RUN").stream().anyMatch((r) -> r.arguments().contains("-Djarmode=tools")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no stage runs the jarmode tools"));
	}

	/** The HEALTHCHECK's command, in exec form. */
	static List<String> healthCheckCommand(Dockerfile dockerfile) {
		Instruction check = dockerfile.finalStage().last("HEALTHCHECK").orElseThrow();
		String command = check.arguments().substring(check.arguments().indexOf("CMD ") + 4);
		return new Instruction("CMD", command, check.line()).execForm()
			.orElseThrow(() -> new AssertionError("HEALTHCHECK must use the exec form"));
	}

}
